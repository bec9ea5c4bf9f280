// Drives AppFlow Local through the AWS SDK for JavaScript v3, the way a Node user would, and prints
// what the SDK returned.
//
// Usage: APPFLOW_ENDPOINT=http://127.0.0.1:4567 node js_client.mjs SCENARIO
//
// Credentials and region come from the environment (AWS_ACCESS_KEY_ID is the account). Each scenario
// takes its inputs from environment variables and prints one JSON document on stdout, in the same
// shape as boto3_client.py: a call's result is {"response": {...}} or {"error": {...}}, and Dates
// the SDK parsed are printed as {"$datetime": iso}.
//
// Scenarios:
//   lifecycle   LABEL, LAMBDA_ARN, OTHER_LAMBDA_ARN: register, read back, list, update twice, unregister.
//   paging      PAGE_SIZE: every page of ListConnectors and DescribeConnectors, through the SDK's paginators.
//   calls       CALLS, a JSON list of {"name", "operation", "input"}: runs each in order, retries off
//               unless SDK_RETRIES=default; with CLOCK_SKEW_SECONDS the SDK starts out believing its
//               clock is that far off (systemClockOffset), as a machine with a wrong clock does.
//   sdk-retry   LABEL, LAMBDA_ARN: one register with the SDK's default retries (3 attempts).
//   secret      SECRET_ID: GetSecretValue through the SDK's own Secrets Manager client pointed at the server,
//               as a connector's is; prints {"response": {...}} or {"error": {...}}.

import * as appflow from "@aws-sdk/client-appflow";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const { AppflowClient, AppflowServiceException, paginateListConnectors, paginateDescribeConnectors } = appflow;

// Retries off (maxAttempts 1): a test must see the error the server sent, not what is left after
// the SDK gave up. The region and credentials come from the environment like any SDK user's.
function client({ retries = false } = {}) {
  const skew = process.env.CLOCK_SKEW_SECONDS;
  return new AppflowClient({
    endpoint: process.env.APPFLOW_ENDPOINT,
    ...(retries ? {} : { maxAttempts: 1 }),
    ...(skew ? { systemClockOffset: Number(skew) * 1000 } : {}),
  });
}

// Calls one operation by its API name and returns what came back, error or response.
async function call(sdk, operation, input = {}) {
  const Command = appflow[`${operation}Command`];
  if (typeof Command !== "function") {
    throw new Error(`@aws-sdk/client-appflow has no ${operation}Command`);
  }
  try {
    const { $metadata, ...response } = await sdk.send(new Command(input));
    return { response: { ...response, $metadata: metadataOf($metadata) } };
  } catch (e) {
    const Modeled = appflow[e.name];
    return {
      error: {
        code: e.name,
        exceptionClass: e.constructor?.name,
        // The proof that the SDK matched the error to the model's class, not just read a string.
        isModeledException: typeof Modeled === "function" && e instanceof Modeled && e instanceof AppflowServiceException,
        fault: e.$fault,
        message: e.message,
        httpStatus: e.$metadata?.httpStatusCode,
        requestId: e.$metadata?.requestId,
        attempts: e.$metadata?.attempts,
      },
    };
  }
}

function metadataOf(metadata) {
  return { httpStatus: metadata?.httpStatusCode, requestId: metadata?.requestId, attempts: metadata?.attempts };
}

async function lifecycle() {
  const sdk = client();
  const { LABEL: label, LAMBDA_ARN: lambdaArn, OTHER_LAMBDA_ARN: otherArn } = process.env;
  const describe = () => call(sdk, "DescribeConnector", { connectorType: "CustomConnector", connectorLabel: label });
  const steps = {};
  steps.register = await call(sdk, "RegisterConnector", {
    connectorLabel: label,
    description: "First version",
    connectorProvisioningType: "LAMBDA",
    connectorProvisioningConfig: { lambda: { lambdaArn } },
  });
  steps.describe = await describe();
  steps.list = await call(sdk, "ListConnectors");
  steps.describeConnectors = await call(sdk, "DescribeConnectors", { connectorTypes: ["CustomConnector"] });
  steps.updateAsIs = await call(sdk, "UpdateConnectorRegistration", { connectorLabel: label });
  steps.describeAfterUpdateAsIs = await describe();
  steps.updateToOther = await call(sdk, "UpdateConnectorRegistration", {
    connectorLabel: label,
    description: "Moved to another function",
    connectorProvisioningConfig: { lambda: { lambdaArn: otherArn } },
  });
  steps.describeAfterUpdateToOther = await describe();
  steps.unregister = await call(sdk, "UnregisterConnector", { connectorLabel: label, forceDelete: false });
  steps.describeAfterUnregister = await describe();
  return { steps };
}

async function paging() {
  const sdk = client();
  const pageSize = Number(process.env.PAGE_SIZE);
  const result = {};
  for (const [operation, paginate] of [["ListConnectors", paginateListConnectors], ["DescribeConnectors", paginateDescribeConnectors]]) {
    const pages = [];
    try {
      // The SDK's own paginator feeds nextToken back and stops when the server sends none.
      for await (const page of paginate({ client: sdk, pageSize }, {})) {
        pages.push({ labels: (page.connectors ?? []).map((c) => c.connectorLabel), nextToken: page.nextToken ?? null });
        // Bounded, so a server that hands back the same token forever fails the test instead of hanging it.
        if (pages.length > 50) break;
      }
    } catch (e) {
      pages.push({ error: { code: e.name, message: e.message, httpStatus: e.$metadata?.httpStatusCode } });
    }
    result[operation] = pages;
  }
  return result;
}

async function calls() {
  const sdk = client({ retries: process.env.SDK_RETRIES === "default" });
  const results = [];
  for (const { name, operation, input } of JSON.parse(process.env.CALLS)) {
    results.push({ name, ...(await call(sdk, operation, input)) });
  }
  return { calls: results };
}

// One register call with the SDK's retries on: the SDK fills in clientToken once and resends it on
// every attempt.
async function sdkRetry() {
  const sdk = client({ retries: true });
  const sentTokens = [];
  // The deserialize step runs inside the retry loop, so this sees every attempt's request.
  sdk.middlewareStack.add(
    (next) => async (args) => {
      sentTokens.push(JSON.parse(args.request.body).clientToken);
      return next(args);
    },
    { step: "deserialize", name: "recordClientToken" },
  );
  const input = {
    connectorLabel: process.env.LABEL,
    connectorProvisioningType: "LAMBDA",
    connectorProvisioningConfig: { lambda: { lambdaArn: process.env.LAMBDA_ARN } },
  };
  const register = await call(sdk, "RegisterConnector", input);
  const attempts = [...sentTokens];
  // The same request again with the token the SDK chose: the server must answer from its record.
  const replay = attempts.length > 0 ? await call(sdk, "RegisterConnector", { ...input, clientToken: attempts.at(-1) }) : null;
  return { register, sentTokens: attempts, replay };
}

async function secret() {
  const secrets = new SecretsManagerClient({ endpoint: process.env.APPFLOW_ENDPOINT, maxAttempts: 1 });
  try {
    const { $metadata, ...response } = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }));
    return { response: { ...response, $metadata: metadataOf($metadata) } };
  } catch (e) {
    return { error: { code: e.name, fault: e.$fault, message: e.message, httpStatus: e.$metadata?.httpStatusCode } };
  }
}

const scenarios = { lifecycle, paging, calls, "sdk-retry": sdkRetry, secret };
const scenario = scenarios[process.argv[2]];
if (process.argv.length !== 3 || !scenario) {
  console.error(`usage: node js_client.mjs {${Object.keys(scenarios).join("|")}}`);
  process.exit(2);
}

// Dates become {"$datetime": iso}; `this[key]` is the value before Date's own toJSON ran.
const output = JSON.stringify(await scenario(), function (key, value) {
  return this[key] instanceof Date ? { $datetime: this[key].toISOString() } : value;
});
console.log(output);
