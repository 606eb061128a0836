import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);

/** The CSP nonce of this response, for Remix's inline scripts. */
export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
