#!/usr/bin/env bash
# Takes docs/console.png, the README's picture of the console: a server on a throwaway database with the
# sample connector bound, the sample registered and updated once, a connector profile and an entity listing,
# then the connector's page photographed by tests/interop/console_browser.mjs in headless Chromium.
# Needs what the tests need (the .NET SDK, Node.js, the aws CLI, Chromium; npm ci in tests/interop).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-4571}
work=$(mktemp -d)
export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
E="--endpoint-url http://127.0.0.1:$port"

dotnet build -v quiet src/AppFlowLocal >/dev/null
dotnet build -v quiet samples/SampleConnector >/dev/null
(cd tests/interop && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >/dev/null)
dotnet src/AppFlowLocal/bin/Debug/net10.0/AppFlowLocal.dll --urls "http://127.0.0.1:$port" "--Storage:ConnectionString=$work/db" \
    "--Lambda:Functions:sample-crm=cmd:dotnet $PWD/samples/SampleConnector/bin/Debug/net10.0/SampleConnector.dll --stdin" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do kill -0 $server || { cat "$work/server.log"; exit 1; }; sleep 0.5; done

aws appflow register-connector $E --connector-label my-crm --description "Sample CRM connector" \
    --connector-provisioning-config 'lambda={lambdaArn=arn:aws:lambda:us-east-1:123456789012:function:sample-crm}' >/dev/null
aws appflow update-connector-registration $E --connector-label my-crm --description "Sample CRM connector for the production instance" >/dev/null
aws appflow create-connector-profile $E --connector-profile-name my-crm-demo --connector-type CustomConnector \
    --connector-label my-crm --connection-mode Public --connector-profile-config '{
      "connectorProfileProperties": {"CustomConnector": {"profileProperties": {"instanceName": "demo"}}},
      "connectorProfileCredentials": {"CustomConnector": {"authenticationType": "CUSTOM",
        "custom": {"customAuthenticationType": "SampleToken", "credentialsMap": {"token": "my-token"}}}}}' >/dev/null
aws appflow list-connector-entities $E --connector-profile-name my-crm-demo --connector-type CustomConnector >/dev/null

echo "{\"chromium\": \"${APPFLOW_TEST_CHROMIUM:-/usr/bin/chromium}\", \"steps\": [
  {\"goto\": \"http://127.0.0.1:$port/console/accounts/123456789012/regions/us-east-1/connectors/my-crm\"},
  {\"screenshot\": \"$PWD/docs/console.png\"}]}" | (cd tests/interop && node console_browser.mjs >/dev/null)
echo "docs/console.png written"
