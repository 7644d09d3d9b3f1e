import { expect } from "chai";
import {
  addReader,
  decodeEnvelope,
  encodeEnvelope,
  generateRecoveryPhrase,
  keyPairFromRecoveryPhrase,
  open,
  seal,
} from "idem/sdk";

describe("README: SDK envelope example", function () {
  it("runs as written: the reader opens what the owner sealed and shared", async function () {
    const credential = { type: ["VerifiableCredential"], credentialSubject: { id: "did:pkh:eip155:1:0xabc" } };
    const readerKeyPair = await keyPairFromRecoveryPhrase({ phrase: generateRecoveryPhrase() });
    const registeredReaderKey = readerKeyPair.publicKey;

    // The README's lines, unchanged.
    const phrase = generateRecoveryPhrase();
    const owner = await keyPairFromRecoveryPhrase({ phrase });
    const dataId = crypto.getRandomValues(new Uint8Array(32));
    const payload = new TextEncoder().encode(JSON.stringify(credential));
    let envelope = seal({ payload, chainId: 1n, dataId, owners: [owner] });
    envelope = addReader({ envelope, keyPair: owner, readerPublicKey: registeredReaderKey });
    const bytes = encodeEnvelope({ envelope });
    const plaintext = open({ envelope: decodeEnvelope({ bytes }), keyPair: readerKeyPair });

    expect(JSON.parse(new TextDecoder().decode(plaintext))).to.deep.equal(credential);
    expect(new TextDecoder().decode(bytes)).to.not.include("did:pkh");
  });
});
