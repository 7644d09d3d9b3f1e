/**
 * The storage client's data operations (put, get, reader slots, list, audit trail) against three real data nodes
 * on 127.0.0.1 (each its own SQLite store and Helia block store), real AccessGrants and KeyRegistry on Hardhat's
 * in-process chain, and a GrantReader polled after each chain change. Stand-in servers play only what a real node
 * never does (tamper, answer another CID).
 */
import { expect } from "chai";
import { getBytes, hexlify } from "ethers";

import { utf8 } from "../../../sdk/src/crypto/bytes.ts";
import { decodeEnvelope } from "../../../sdk/src/crypto/decode.ts";
import { encodeEnvelope } from "../../../sdk/src/crypto/encode.ts";
import { open } from "../../../sdk/src/crypto/open.ts";
import { seal } from "../../../sdk/src/crypto/seal.ts";
import { DecryptionFailedError } from "../../../sdk/src/errors.ts";
import { InvalidStorageParametersError } from "../../../sdk/src/storage/data-errors.ts";
import { fromBase64, rawCidOf, toBase64 } from "../../../sdk/src/storage/data-target.ts";
import {
  InvalidNodeResponseError,
  NoHealthyNodeError,
  NodeHttpError,
  NodeUnreachableError,
  WriteQuorumError,
} from "../../../sdk/src/storage/errors.ts";
import { getAuditTrail } from "../../../sdk/src/storage/get-audit-trail.ts";
import { getEnvelope } from "../../../sdk/src/storage/get-envelope.ts";
import { listData } from "../../../sdk/src/storage/list-data.ts";
import type { NodeSession } from "../../../sdk/src/storage/node-session.ts";
import { putEnvelope } from "../../../sdk/src/storage/put-envelope.ts";
import { putReaderSlot } from "../../../sdk/src/storage/put-reader.ts";
import { removeReaderSlot } from "../../../sdk/src/storage/remove-reader.ts";
import { HARDHAT_CHAIN_ID } from "../../node/helpers/config.ts";
import { dataNodesFixture, startStandIn } from "./data-nodes.ts";
import type { DataNodesFixture } from "./data-nodes.ts";

/** Runs `action` and returns what it threw (fails if it did not throw). */
async function thrown(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  expect.fail("expected a rejection");
}

const CHAIN = HARDHAT_CHAIN_ID;

describe("sdk storage: data client against three real nodes", function () {
  this.timeout(60_000);
  let f: DataNodesFixture;
  let ownerSessions: NodeSession[];
  let granteeSessions: NodeSession[];

  before(async function () {
    f = await dataNodesFixture({ count: 3 });
    ownerSessions = await f.sessionsOf(f.owner);
    granteeSessions = await f.sessionsOf(f.grantee);
  });

  after(async function () {
    await f?.close();
  });

  /** The owner's envelope for `dataId`, sealed with a slot for the grantee's registered key. */
  function sealedForGrantee(dataId: string, payload: string) {
    const envelope = seal({
      payload: utf8(payload),
      chainId: BigInt(CHAIN),
      dataId: getBytes(dataId),
      owners: [f.ownerKey],
      readers: [f.granteeKey.publicKey],
    });
    return { envelope, readers: new Map([[hexlify(f.granteeKey.publicKey), f.grantee.address]]) };
  }

  /** An anchored dataId, granted to the grantee, stored on every node with the grantee's slot. */
  async function storedAndGranted(payload: string) {
    const dataId = await f.anchored();
    await f.grant(dataId);
    const put = await putEnvelope({
      signer: f.owner,
      sessions: ownerSessions,
      chainId: CHAIN,
      dataId,
      ...sealedForGrantee(dataId, payload),
    });
    return { dataId, put };
  }

  const openAsGrantee = (envelope: Parameters<typeof open>[0]["envelope"], dataId: string): string =>
    new TextDecoder().decode(
      open({ envelope, keyPair: f.granteeKey, chainId: BigInt(CHAIN), dataId: getBytes(dataId) }),
    );

  describe("putEnvelope", function () {
    it("stores on all three nodes with quorum 2 and returns the envelope's CID", async function () {
      const { dataId, put } = await storedAndGranted("on three nodes");
      expect(put.stored).to.deep.equal(f.nodes.map((node) => node.url));
      expect(put.failures).to.deep.equal([]);
      expect(put.cid).to.match(/^bafkrei/);
      const { records } = await listData({ sessions: ownerSessions, chainId: CHAIN });
      const record = records.find((entry) => entry.dataId === dataId.toLowerCase());
      expect(record?.cid).to.equal(put.cid);
      expect(record?.nodeUrls).to.deep.equal(f.nodes.map((node) => node.url));
    });

    it("refuses a quorum larger than the node count before any request", async function () {
      const standIn = await startStandIn((_request, response) => void response.writeHead(500).end());
      try {
        const dataId = await f.anchored();
        const session = { ...ownerSessions[0]!, nodeUrl: standIn.url };
        const error = await thrown(() =>
          putEnvelope({
            signer: f.owner,
            sessions: [session],
            chainId: CHAIN,
            dataId,
            ...sealedForGrantee(dataId, "x"),
            quorum: 2,
          }),
        );
        expect(error).to.be.instanceOf(InvalidStorageParametersError);
        expect((error as InvalidStorageParametersError).details).to.equal("quorum 2 is more than the 1 node given");
        const twice = await thrown(() =>
          putEnvelope({
            signer: f.owner,
            sessions: [session, session],
            chainId: CHAIN,
            dataId,
            ...sealedForGrantee(dataId, "x"),
          }),
        );
        expect((twice as InvalidStorageParametersError).details).to.match(/given twice/);
        const otherChain = await thrown(() =>
          putEnvelope({
            signer: f.owner,
            sessions: [session, { ...ownerSessions[1]!, chainId: 1 }],
            chainId: CHAIN,
            dataId,
            ...sealedForGrantee(dataId, "x"),
          }),
        );
        expect((otherChain as InvalidStorageParametersError).details).to.match(/signed in on chain 1/);
        expect(standIn.requests()).to.equal(0);
      } finally {
        await standIn.close();
      }
    });

    it("refuses, before any request, an envelope sealed for another dataId and a reader key without a grantee", async function () {
      const dataId = await f.anchored();
      const other = await f.anchored();
      const mismatch = await thrown(() =>
        putEnvelope({
          signer: f.owner,
          sessions: ownerSessions,
          chainId: CHAIN,
          dataId,
          ...sealedForGrantee(other, "x"),
        }),
      );
      expect(mismatch).to.be.instanceOf(InvalidStorageParametersError);
      const unnamed = await thrown(() =>
        putEnvelope({
          signer: f.owner,
          sessions: ownerSessions,
          chainId: CHAIN,
          dataId,
          envelope: sealedForGrantee(dataId, "x").envelope,
        }),
      );
      expect(unnamed).to.be.instanceOf(InvalidStorageParametersError);
      expect((await listData({ sessions: ownerSessions, chainId: CHAIN })).records.map((r) => r.dataId)).not.to.include(
        dataId.toLowerCase(),
      );
    });

    it("counts a node that answers another CID as a failure (WriteQuorumError)", async function () {
      const liar = await startStandIn((_request, response) => {
        response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ cid: "bafkreiaaaa" }));
      });
      try {
        const dataId = await f.anchored();
        const sessions = [ownerSessions[0]!, { ...ownerSessions[0]!, nodeUrl: liar.url }];
        const error = await thrown(() =>
          putEnvelope({
            signer: f.owner,
            sessions,
            chainId: CHAIN,
            dataId,
            ...sealedForGrantee(dataId, "x"),
            quorum: 2,
          }),
        );
        expect(error).to.be.instanceOf(WriteQuorumError);
        const quorum = error as WriteQuorumError;
        expect(quorum.needed).to.equal(2);
        expect(quorum.succeeded).to.deep.equal([f.nodes[0]!.url]);
        expect(quorum.failures.map(({ nodeUrl }) => nodeUrl)).to.deep.equal([liar.url]);
        expect(quorum.failures[0]!.error).to.be.instanceOf(InvalidNodeResponseError);
      } finally {
        await liar.close();
      }
    });

    it("reports a node's refusal (not the owner: 403 NOT_OWNER) in the quorum error", async function () {
      const dataId = await f.anchored();
      const strangerSessions = await f.sessionsOf(f.stranger);
      const error = await thrown(() =>
        putEnvelope({
          signer: f.stranger,
          sessions: strangerSessions,
          chainId: CHAIN,
          dataId,
          ...sealedForGrantee(dataId, "x"),
        }),
      );
      expect(error).to.be.instanceOf(WriteQuorumError);
      const failures = (error as WriteQuorumError).failures;
      expect(failures).to.have.length(3);
      for (const { error: failure } of failures) {
        expect(failure).to.be.instanceOf(NodeHttpError);
        expect((failure as NodeHttpError).code).to.equal("NOT_OWNER");
      }
    });
  });

  describe("getEnvelope", function () {
    it("lets a grantee read and open the plaintext, and the owner sees the read in the audit trail", async function () {
      const { dataId, put } = await storedAndGranted("hello grantee");
      const got = await getEnvelope({ sessions: granteeSessions, chainId: CHAIN, dataId });
      expect(got.cid).to.equal(put.cid);
      expect(got.nodeUrl).to.equal(f.nodes[0]!.url);
      expect(got.grantees).to.deep.equal([f.grantee.address]);
      expect(openAsGrantee(got.envelope, dataId)).to.equal("hello grantee");

      const { entries, failures } = await getAuditTrail({ sessions: ownerSessions, chainId: CHAIN, dataId });
      expect(failures).to.deep.equal([]);
      expect(entries).to.have.length(1);
      expect(entries[0]).to.include({ chainId: CHAIN, dataId: dataId.toLowerCase(), reader: f.grantee.address });
      expect(entries[0]!.nodeId).to.equal(f.nodes[0]!.nodeId);
    });

    it("merges the audit trails of several nodes newest first, each read once", async function () {
      const { dataId } = await storedAndGranted("read twice");
      await getEnvelope({ sessions: [granteeSessions[1]!], chainId: CHAIN, dataId });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // audit times are whole seconds
      await getEnvelope({ sessions: [granteeSessions[2]!], chainId: CHAIN, dataId });
      // A stand-in mirroring node 1's trail (as a replica of its log would): its rows must appear once.
      const mirror = await startStandIn(async (request, response) => {
        const upstream = await fetch(`${f.nodes[1]!.url}${request.url}`, {
          headers: { authorization: String(request.headers.authorization) },
        });
        response.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
      });
      try {
        const sessions = [ownerSessions[1]!, ownerSessions[2]!, { ...ownerSessions[1]!, nodeUrl: mirror.url }];
        const { entries } = await getAuditTrail({ sessions, chainId: CHAIN, dataId });
        expect(entries.map((entry) => entry.nodeId)).to.deep.equal([f.nodes[2]!.nodeId, f.nodes[1]!.nodeId]);
        expect(entries[0]!.readAt.getTime()).to.be.greaterThan(entries[1]!.readAt.getTime());
        expect(mirror.requests()).to.equal(1);
      } finally {
        await mirror.close();
      }
      const all = await getAuditTrail({ sessions: ownerSessions, chainId: CHAIN, dataId, limit: 1 });
      expect(all.entries).to.have.length(1);
      expect(all.entries[0]!.nodeId).to.equal(f.nodes[2]!.nodeId);
    });

    it("gives the owner every reader slot", async function () {
      const { dataId } = await storedAndGranted("owner view");
      const got = await getEnvelope({ sessions: ownerSessions, chainId: CHAIN, dataId });
      expect(got.envelope.readerSlots).to.have.length(1);
      const payload = open({
        envelope: got.envelope,
        keyPair: f.ownerKey,
        chainId: BigInt(CHAIN),
        dataId: getBytes(dataId),
      });
      expect(new TextDecoder().decode(payload)).to.equal("owner view");
    });

    it("refuses a grantee after the revoke is indexed: NodeHttpError 403 NOT_GRANTED", async function () {
      const { dataId } = await storedAndGranted("revoked soon");
      expect(
        openAsGrantee((await getEnvelope({ sessions: granteeSessions, chainId: CHAIN, dataId })).envelope, dataId),
      ).to.equal("revoked soon");
      await f.revoke(dataId);
      const error = await thrown(() => getEnvelope({ sessions: granteeSessions, chainId: CHAIN, dataId }));
      expect(error).to.be.instanceOf(NodeHttpError);
      expect((error as NodeHttpError).status).to.equal(403);
      expect((error as NodeHttpError).code).to.equal("NOT_GRANTED");
    });

    it("answers 404 only when every node says so", async function () {
      const dataId = await f.anchored();
      const error = await thrown(() => getEnvelope({ sessions: ownerSessions, chainId: CHAIN, dataId }));
      expect(error).to.be.instanceOf(NodeHttpError);
      expect((error as NodeHttpError).status).to.equal(404);
      // Stored on node 2 only: nodes 0 and 1 say 404, node 2 serves it.
      await putEnvelope({
        signer: f.owner,
        sessions: [ownerSessions[2]!],
        chainId: CHAIN,
        dataId,
        quorum: 1,
        ...sealedForGrantee(dataId, "only on node 2"),
      });
      const got = await getEnvelope({ sessions: ownerSessions, chainId: CHAIN, dataId });
      expect(got.nodeUrl).to.equal(f.nodes[2]!.url);
      expect(got.failures.map(({ error: failure }) => (failure as NodeHttpError).status)).to.deep.equal([404, 404]);
    });

    it("rejects a node that serves tampered bytes (InvalidNodeResponseError) and reads from the next node", async function () {
      const { dataId } = await storedAndGranted("do not tamper");
      // A stand-in that forwards to node 0 and flips the last ciphertext byte of the envelope it returns.
      const tamperer = await startStandIn(async (request, response) => {
        const upstream = await fetch(`${f.nodes[0]!.url}${request.url}`, {
          headers: { authorization: String(request.headers.authorization) },
        });
        const body = (await upstream.json()) as { cid: string; envelope: string; readers: unknown[] };
        const bytes = fromBase64(body.envelope)!;
        bytes[bytes.length - 1]! ^= 0x01;
        response
          .writeHead(upstream.status, { "content-type": "application/json" })
          .end(JSON.stringify({ ...body, envelope: toBase64(bytes) }));
      });
      try {
        const tampered = { ...granteeSessions[0]!, nodeUrl: tamperer.url };
        const error = await thrown(() => getEnvelope({ sessions: [tampered], chainId: CHAIN, dataId }));
        expect(error).to.be.instanceOf(InvalidNodeResponseError);
        expect((error as InvalidNodeResponseError).details).to.include("do not match its CID");

        const got = await getEnvelope({ sessions: [tampered, granteeSessions[1]!], chainId: CHAIN, dataId });
        expect(got.nodeUrl).to.equal(f.nodes[1]!.url);
        expect(got.failures[0]!.error).to.be.instanceOf(InvalidNodeResponseError);
        expect(openAsGrantee(got.envelope, dataId)).to.equal("do not tamper");
      } finally {
        await tamperer.close();
      }
    });

    it("rejects a consistent answer for another dataId (header mismatch)", async function () {
      const { dataId } = await storedAndGranted("the real one");
      const { dataId: otherId } = await storedAndGranted("another record");
      // A stand-in that answers every request with node 0's answer for the other dataId (its CID matches its bytes).
      const swapper = await startStandIn(async (request, response) => {
        const upstream = await fetch(`${f.nodes[0]!.url}${request.url!.replace(dataId, otherId)}`, {
          headers: { authorization: String(request.headers.authorization) },
        });
        response.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
      });
      try {
        const error = await thrown(() =>
          getEnvelope({ sessions: [{ ...granteeSessions[0]!, nodeUrl: swapper.url }], chainId: CHAIN, dataId }),
        );
        expect(error).to.be.instanceOf(InvalidNodeResponseError);
        expect((error as InvalidNodeResponseError).details).to.include("another chain or dataId");
      } finally {
        await swapper.close();
      }
    });
  });

  describe("putReaderSlot and removeReaderSlot", function () {
    it("adds the grantee's slot on every node, then removes it", async function () {
      const dataId = await f.anchored();
      await f.grant(dataId);
      const { envelope, readers } = sealedForGrantee(dataId, "slot later");
      // Stored without readers first.
      await putEnvelope({
        signer: f.owner,
        sessions: ownerSessions,
        chainId: CHAIN,
        dataId,
        envelope: { ...envelope, readerSlots: [] },
      });
      const bare = await getEnvelope({ sessions: granteeSessions, chainId: CHAIN, dataId });
      expect(bare.envelope.readerSlots).to.have.length(0);
      expect(() => openAsGrantee(bare.envelope, dataId)).to.throw(DecryptionFailedError);

      const added = await putReaderSlot({
        sessions: ownerSessions,
        signer: f.owner,
        chainId: CHAIN,
        dataId,
        cid: bare.cid,
        readers: [],
        grantee: readers.get(hexlify(f.granteeKey.publicKey))!,
        slot: envelope.readerSlots[0]!,
      });
      expect(added.stored).to.have.length(3);
      for (const session of granteeSessions) {
        const got = await getEnvelope({ sessions: [session], chainId: CHAIN, dataId });
        expect(openAsGrantee(got.envelope, dataId)).to.equal("slot later");
      }

      const removed = await removeReaderSlot({
        sessions: ownerSessions,
        signer: f.owner,
        chainId: CHAIN,
        dataId,
        cid: bare.cid,
        readers: [],
        grantee: f.grantee.address,
      });
      expect(removed.stored).to.have.length(3);
      const after = await getEnvelope({ sessions: granteeSessions, chainId: CHAIN, dataId });
      expect(after.envelope.readerSlots).to.have.length(0);
    });

    it("fails the quorum when the nodes refuse a slot not wrapped for the grantee's registered key", async function () {
      const dataId = await f.anchored();
      const { envelope } = sealedForGrantee(dataId, "x");
      const { cid: bareCid } = await putEnvelope({
        signer: f.owner,
        sessions: ownerSessions,
        chainId: CHAIN,
        dataId,
        envelope: { ...envelope, readerSlots: [] },
      });
      const error = await thrown(() =>
        putReaderSlot({
          sessions: ownerSessions,
          signer: f.owner,
          chainId: CHAIN,
          dataId,
          cid: bareCid,
          readers: [],
          grantee: f.stranger.address,
          slot: envelope.readerSlots[0]!,
        }),
      );
      expect(error).to.be.instanceOf(WriteQuorumError);
      expect(((error as WriteQuorumError).failures[0]!.error as NodeHttpError).code).to.equal(
        "READER_KEY_NOT_REGISTERED",
      );
    });
  });

  describe("with nodes stopped (runs last: stops nodes 2 and 1)", function () {
    it("still writes with quorum 2 when one node is stopped, and reads skip it", async function () {
      await f.nodes[2]!.stop();
      const dataId = await f.anchored();
      await f.grant(dataId);
      const put = await putEnvelope({
        signer: f.owner,
        sessions: ownerSessions,
        chainId: CHAIN,
        dataId,
        ...sealedForGrantee(dataId, "two of three"),
      });
      expect(put.stored).to.deep.equal([f.nodes[0]!.url, f.nodes[1]!.url]);
      expect(put.failures.map(({ nodeUrl }) => nodeUrl)).to.deep.equal([f.nodes[2]!.url]);
      expect(put.failures[0]!.error).to.be.instanceOf(NodeUnreachableError);

      const reversed = [...granteeSessions].reverse();
      const got = await getEnvelope({ sessions: reversed, chainId: CHAIN, dataId });
      expect(got.nodeUrl).to.equal(f.nodes[1]!.url);
      expect(got.failures[0]!.error).to.be.instanceOf(NodeUnreachableError);
      expect(openAsGrantee(got.envelope, dataId)).to.equal("two of three");
    });

    it("fails with WriteQuorumError when two nodes are stopped", async function () {
      await f.nodes[1]!.stop();
      const dataId = await f.anchored();
      const error = await thrown(() =>
        putEnvelope({
          signer: f.owner,
          sessions: ownerSessions,
          chainId: CHAIN,
          dataId,
          ...sealedForGrantee(dataId, "one of three"),
        }),
      );
      expect(error).to.be.instanceOf(WriteQuorumError);
      const quorum = error as WriteQuorumError;
      expect(quorum.needed).to.equal(2);
      expect(quorum.succeeded).to.deep.equal([f.nodes[0]!.url]);
      expect(quorum.failures.map(({ nodeUrl }) => nodeUrl)).to.deep.equal([f.nodes[1]!.url, f.nodes[2]!.url]);
      for (const failure of quorum.failures) expect(failure.error).to.be.instanceOf(NodeUnreachableError);
    });

    it("reports NoHealthyNodeError when no node can be reached", async function () {
      const dataId = await f.anchored();
      const error = await thrown(() => getEnvelope({ sessions: granteeSessions.slice(1), chainId: CHAIN, dataId }));
      expect(error).to.be.instanceOf(NoHealthyNodeError);
      expect((error as NoHealthyNodeError).failures).to.have.length(2);
    });
  });
});

describe("sdk storage: splitEnvelope and joinEnvelope", function () {
  it("round-trips an envelope through the wire form, slots apart and zero slots inside", async function () {
    const { splitEnvelope, joinEnvelope } = await import("../../../sdk/src/storage/split-envelope.ts");
    const { EncryptionKeyPair } = await import("../../../sdk/src/keys/key-pair.ts");
    const owner = EncryptionKeyPair.fromSecretKey({
      secretKey: new Uint8Array(32).fill(7),
      origin: { kind: "recovery-phrase" },
    });
    const a = EncryptionKeyPair.generate();
    const b = EncryptionKeyPair.generate();
    const dataId = new Uint8Array(32).fill(1);
    const envelope = seal({
      payload: utf8("two readers"),
      chainId: 5n,
      dataId,
      owners: [owner],
      readers: [a.publicKey, b.publicKey],
    });
    const grantees = new Map([
      [hexlify(a.publicKey).toUpperCase().replace("0X", "0x"), "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"],
      [hexlify(b.publicKey), "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"],
    ]);
    const wire = splitEnvelope({ envelope, readers: grantees });
    expect(wire.readers.map((reader) => reader.grantee)).to.deep.equal([
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
      "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    ]);
    expect(decodeEnvelope({ bytes: fromBase64(wire.envelope)! }).readerSlots).to.have.length(0);
    const joined = joinEnvelope(wire);
    expect(encodeEnvelope({ envelope: joined })).to.deep.equal(encodeEnvelope({ envelope }));
    for (const key of [a, b])
      expect(new TextDecoder().decode(open({ envelope: joined, keyPair: key }))).to.equal("two readers");
    expect((await rawCidOf(fromBase64(wire.envelope)!)).toString()).to.match(/^bafkrei/);

    expect(() => splitEnvelope({ envelope })).to.throw(InvalidStorageParametersError);
    expect(() =>
      splitEnvelope({
        envelope,
        readers: new Map([
          [hexlify(a.publicKey), "0x01"],
          [hexlify(b.publicKey), "0x02"],
        ]),
      }),
    ).to.throw(InvalidStorageParametersError, /not an address/);
    const same = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    expect(() =>
      splitEnvelope({
        envelope,
        readers: new Map([
          [hexlify(a.publicKey), same],
          [hexlify(b.publicKey), same],
        ]),
      }),
    ).to.throw(InvalidStorageParametersError, /two keys/);
  });
});
