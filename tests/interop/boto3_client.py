"""Drives AppFlow Local through boto3, the way a Python user would, and prints what boto3 returned.

Usage: APPFLOW_ENDPOINT=http://127.0.0.1:4567 python3 boto3_client.py SCENARIO

Credentials and region come from the environment (AWS_ACCESS_KEY_ID is the account). Each scenario
takes its inputs from environment variables and prints one JSON document on stdout. A call's result
is {"response": {...}} or {"error": {...}}; datetimes boto3 parsed are printed as {"$datetime": iso}
so a test can tell a parsed timestamp from a number the client passed through.

Scenarios:
  lifecycle   LABEL, LAMBDA_ARN, OTHER_LAMBDA_ARN: register, read back, list, update twice, unregister.
  paging      PAGE_SIZE: every page of ListConnectors and DescribeConnectors.
  calls       CALLS, a JSON list of {"name", "operation", "input"}: runs each in order, retries off.
  sdk-retry   LABEL, LAMBDA_ARN: one register with boto3's own retries on (standard mode, 3 attempts in all).
  throttle    BUSY_CALLS, OTHER_ACCOUNT, OTHER_CALLS: the environment's account lists connectors as fast as
              boto3 sends (retries on, standard mode) while OTHER_ACCOUNT makes its calls meanwhile.
"""

import datetime
import json
import os
import sys
import threading
import time

import boto3
import botocore
from botocore.config import Config

# Retries off: a test must see the error the server sent, not what is left after boto3 gave up.
# In botocore's retries config "max_attempts" counts retries, not attempts (max_attempts 1 still
# sends a throttled request twice); "total_max_attempts" counts attempts, like AWS_MAX_ATTEMPTS.
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})
SDK_RETRIES = Config(retries={"total_max_attempts": 3, "mode": "standard"})


def client(config=NO_RETRIES):
    return boto3.client("appflow", endpoint_url=os.environ["APPFLOW_ENDPOINT"], config=config)


def encode(value):
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def call(appflow, operation, **params):
    """Calls one operation by its API name and returns what came back, error or response."""
    method = getattr(appflow, botocore.xform_name(operation))
    try:
        response = method(**params)
    except botocore.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
        modeled = getattr(appflow.exceptions, code, None)
        metadata = e.response["ResponseMetadata"]
        return {
            "error": {
                "code": code,
                "exceptionClass": type(e).__name__,
                # The proof that botocore matched the error to the model's shape, not just read a string.
                "isModeledException": modeled is not None and isinstance(e, modeled),
                "message": e.response["Error"].get("Message"),
                "httpStatus": metadata.get("HTTPStatusCode"),
                "requestId": metadata.get("RequestId"),
                "retryAttempts": metadata.get("RetryAttempts"),
            }
        }
    metadata = response.pop("ResponseMetadata")
    response["$metadata"] = {
        "httpStatus": metadata.get("HTTPStatusCode"),
        "requestId": metadata.get("RequestId"),
        "retryAttempts": metadata.get("RetryAttempts"),
    }
    return {"response": response}


def lifecycle():
    appflow = client()
    label = os.environ["LABEL"]
    lambda_arn = os.environ["LAMBDA_ARN"]
    other_arn = os.environ["OTHER_LAMBDA_ARN"]
    steps = {}
    steps["register"] = call(
        appflow, "RegisterConnector", connectorLabel=label, description="First version",
        connectorProvisioningType="LAMBDA", connectorProvisioningConfig={"lambda": {"lambdaArn": lambda_arn}})
    steps["describe"] = call(appflow, "DescribeConnector", connectorType="CustomConnector", connectorLabel=label)
    steps["list"] = call(appflow, "ListConnectors")
    steps["describeConnectors"] = call(appflow, "DescribeConnectors", connectorTypes=["CustomConnector"])
    steps["updateAsIs"] = call(appflow, "UpdateConnectorRegistration", connectorLabel=label)
    steps["describeAfterUpdateAsIs"] = call(appflow, "DescribeConnector", connectorType="CustomConnector", connectorLabel=label)
    steps["updateToOther"] = call(
        appflow, "UpdateConnectorRegistration", connectorLabel=label, description="Moved to another function",
        connectorProvisioningConfig={"lambda": {"lambdaArn": other_arn}})
    steps["describeAfterUpdateToOther"] = call(appflow, "DescribeConnector", connectorType="CustomConnector", connectorLabel=label)
    steps["unregister"] = call(appflow, "UnregisterConnector", connectorLabel=label, forceDelete=False)
    steps["describeAfterUnregister"] = call(appflow, "DescribeConnector", connectorType="CustomConnector", connectorLabel=label)
    return {"steps": steps}


def paging():
    appflow = client()
    page_size = int(os.environ["PAGE_SIZE"])
    # botocore ships no paginator for AppFlow (can_paginate is False), so a Python caller pages by hand.
    result = {}
    for operation in ("ListConnectors", "DescribeConnectors"):
        pages = []
        params = {"maxResults": page_size}
        # Bounded, so a server that hands back the same token forever fails the test instead of hanging it.
        while len(pages) <= 50:
            outcome = call(appflow, operation, **params)
            if "error" in outcome:
                pages.append(outcome)
                break
            response = outcome["response"]
            pages.append({"labels": [c.get("connectorLabel") for c in response.get("connectors", [])],
                          "nextToken": response.get("nextToken")})
            if not response.get("nextToken"):
                break
            params["nextToken"] = response["nextToken"]
        result[operation] = pages
    return result


def calls():
    appflow = client()
    return {"calls": [dict(name=c.get("name"), **call(appflow, c["operation"], **c.get("input", {})))
                      for c in json.loads(os.environ["CALLS"])]}


def sdk_retry():
    """One register call with boto3's retries on: boto3 fills in clientToken once and resends it on every attempt."""
    appflow = client(SDK_RETRIES)
    sent_tokens = []

    def record_token(request, **_):
        sent_tokens.append(json.loads(request.body).get("clientToken"))

    appflow.meta.events.register("before-send.appflow.RegisterConnector", record_token)
    params = dict(connectorLabel=os.environ["LABEL"], connectorProvisioningType="LAMBDA",
                  connectorProvisioningConfig={"lambda": {"lambdaArn": os.environ["LAMBDA_ARN"]}})
    first = call(appflow, "RegisterConnector", **params)
    attempts = list(sent_tokens)
    # The same request again with the token boto3 chose: the server must answer from its record.
    replay = call(appflow, "RegisterConnector", clientToken=attempts[-1], **params) if attempts else None
    return {"register": first, "sentTokens": attempts, "replay": replay}


def throttle():
    """A busy account beyond its rate and a quiet one at the same time, each with boto3's retries on.

    Every call's RetryAttempts (boto3's own count of the attempts it retried) is reported, so a test
    sees that the busy account's throttled calls were retried by boto3 and the quiet one's never were.
    """
    retries = Config(retries={"total_max_attempts": 10, "mode": "standard"})
    busy = client(retries)
    # Clients are created here, not in the threads: creating boto3 clients is not thread-safe.
    quiet = boto3.client("appflow", endpoint_url=os.environ["APPFLOW_ENDPOINT"], config=retries,
                         aws_access_key_id=os.environ["OTHER_ACCOUNT"],
                         aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])
    throttled = threading.Event()
    busy_calls, quiet_calls = [], []
    busy_ended = []

    def run(appflow, count, results, after_each=None):
        for _ in range(count):
            outcome = call(appflow, "ListConnectors")
            metadata = outcome.get("response", {}).get("$metadata", {})
            results.append({"retryAttempts": metadata.get("retryAttempts"), "error": outcome.get("error"),
                            "ended": time.monotonic()})
            if after_each:
                after_each(results[-1])

    def busy_run():
        run(busy, int(os.environ["BUSY_CALLS"]), busy_calls,
            lambda result: throttled.set() if result["retryAttempts"] else None)
        busy_ended.append(time.monotonic())
        throttled.set()

    def quiet_run():
        # The quiet account starts once the busy one is being throttled, and must not be slowed by it.
        throttled.wait(60)
        run(quiet, int(os.environ["OTHER_CALLS"]), quiet_calls)

    threads = [threading.Thread(target=busy_run), threading.Thread(target=quiet_run)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "busy": busy_calls,
        "quiet": quiet_calls,
        "quietEndedBeforeBusy": bool(busy_ended) and all(c["ended"] < busy_ended[0] for c in quiet_calls),
    }


SCENARIOS = {"lifecycle": lifecycle, "paging": paging, "calls": calls, "sdk-retry": sdk_retry, "throttle": throttle}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: boto3_client.py {{{'|'.join(SCENARIOS)}}}")
    print(json.dumps(SCENARIOS[sys.argv[1]](), default=encode))
