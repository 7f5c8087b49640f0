import { Conflict } from "./errors.ts"

/** A username another user holds (any letter case): the register use case and the repositories answer the same. */
export const usernameTaken = new Conflict({ message: "Cannot register: username is already taken" })

/** A videoId published before: the publish use case, and the repositories when two publishes race, answer the same. */
export const alreadyPublished = new Conflict({ message: "Cannot publish video: videoId is already published" })
