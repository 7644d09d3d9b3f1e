/**
 * Type shims for the Digital Bazaar credential libraries, which ship no TypeScript types. Only what the SDK's
 * `credentials` module uses is declared; JSON-LD documents are `JsonLdObject`s (plain JSON objects).
 */

/** A JSON-LD document loader: URL in, the document out (or a throw). */
type DigitalBazaarDocumentLoader = (url: string) => Promise<{
  contextUrl: string | null;
  documentUrl: string;
  document: Record<string, unknown>;
}>;

/** An Ed25519 Multikey key pair as `@digitalbazaar/ed25519-multikey` builds it. Holds the secret key, if any. */
type DigitalBazaarEd25519KeyPair = {
  id?: string;
  controller?: string;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
  publicKey: Uint8Array;
  secretKey?: Uint8Array;
  export(options?: {
    publicKey?: boolean;
    secretKey?: boolean;
    includeContext?: boolean;
    canonicalize?: boolean;
  }): Promise<Record<string, unknown>>;
  signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
  verifier(): {
    id: string;
    algorithm: string;
    verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  };
};

declare module "@digitalbazaar/vc" {
  export function issue(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: DigitalBazaarDocumentLoader;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: Record<string, unknown>;
    suite: unknown;
    documentLoader: DigitalBazaarDocumentLoader;
    now?: Date | string;
    maxClockSkew?: number;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
  }): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }>;
}

declare module "@digitalbazaar/data-integrity" {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string | number });
  }
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export const cryptosuite: unknown;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<DigitalBazaarEd25519KeyPair>;
  export function from(key: Record<string, unknown>): Promise<DigitalBazaarEd25519KeyPair>;
}

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, Record<string, unknown>>;
  export const named: Map<string, { id: string; context: Record<string, unknown> }>;
}

declare module "@digitalbazaar/data-integrity-context" {
  const dataIntegrityContext: {
    contexts: Map<string, Record<string, unknown>>;
    DATA_INTEGRITY_CONTEXT_V2_URL: string;
  };
  export default dataIntegrityContext;
}

declare module "@digitalbazaar/multikey-context" {
  const multikeyContext: { contexts: Map<string, Record<string, unknown>>; CONTEXT_URL: string };
  export default multikeyContext;
}

declare module "@digitalbazaar/vc-bitstring-status-list-context" {
  export const contexts: Map<string, Record<string, unknown>>;
  export const CONTEXT_URL: string;
}

declare module "@digitalbazaar/vc-bitstring-status-list" {
  export class BitstringStatusList {
    readonly length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
  }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: Record<string, unknown>;
    documentLoader: DigitalBazaarDocumentLoader;
    suite: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{
    verified: boolean;
    error?: unknown;
    results?: { verified: boolean; status: boolean; credentialStatus: { statusPurpose: string } }[];
  }>;
}

declare module "@digitalbazaar/did-method-key" {
  export function driver(): {
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (key: Record<string, unknown>) => Promise<DigitalBazaarEd25519KeyPair>;
    }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  };
}
