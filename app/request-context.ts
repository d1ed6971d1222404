import { createContext } from "react-router";

/** This request's Content-Security-Policy nonce, set by the server before React Router runs. */
export const nonceContext = createContext<string>("");
