// Verifies one credential with the Digital Credentials Consortium's verifier-core, the
// library behind the Learner Credential Wallet and VerifierPlus:
//   node verify.mjs CREDENTIAL.json RESULT.json
// The result goes to a file because the library logs to stdout (for instance that it could
// not fetch a JSON schema from the network).
import { readFile, writeFile } from 'node:fs/promises';
import { verifyCredential } from '@digitalcredentials/verifier-core';

const [credentialPath, resultPath] = process.argv.slice(2);
const credential = JSON.parse(await readFile(credentialPath, 'utf8'));
const result = await verifyCredential({ credential, knownDIDRegistries: [] });
await writeFile(resultPath, JSON.stringify(result, (key, value) =>
  value instanceof Error ? { name: value.name, message: value.message } : value, 2));
