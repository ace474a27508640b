/**
 * Process-wide services a capability may use besides Cway itself. Built once at start
 * (src/server.ts) and shared by every surface.
 */
export interface Services {
  /** The Cway GraphQL endpoint in use. */
  apiUrl: string;
  /** True when talking to the embedded/local sandbox rather than the real Cway. */
  sandbox: boolean;
  /** Base URL used to build links in results (e.g. the Cway web app). */
  webBaseUrl: string;
}
