#!/usr/bin/env python3
"""Runs a custom connector written with the official AppFlow custom-connector Python SDK as an
AppFlow Local `cmd:` function: one event JSON on stdin, the handler's response JSON on stdout.

    python3 appflow_cmd_adapter.py [--path DIR]... [--timeout SECONDS] HANDLER

HANDLER is what a Lambda function's Handler setting says: `package.module.function`, for example
`custom_connector_example.handlers.lambda_handler.salesforce_lambda_handler`. It may also name a class
(a subclass of the SDK's BaseLambdaConnectorHandler): the adapter makes one and calls its
`lambda_handler`. Without HANDLER, the APPFLOW_HANDLER environment variable is used, then Lambda's
own _HANDLER. --path adds a folder to import from (Lambda's task root: the folder holding the
connector's package and, unless it is installed, custom_connector_sdk); it may be repeated, and
LAMBDA_TASK_ROOT is added too when set.

Exit codes: 0 with the response on stdout; 1 when the handler (or importing it) raised, with the
traceback on stderr; 2 when the command line is wrong.
"""

import argparse
import decimal
import enum
import importlib
import inspect
import json
import logging
import os
import sys
import time
import traceback
import uuid

DEFAULT_TIMEOUT_SECONDS = 10.0


class InvocationContext:
    """The members of Lambda's context object a connector may read."""

    def __init__(self, handler, timeout_seconds):
        name = handler.rsplit('.', 1)[-1]
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME', name)
        self.function_version = '$LATEST'
        self.invoked_function_arn = os.environ.get('APPFLOW_FUNCTION_ARN', self.function_name)
        self.memory_limit_in_mb = 128
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = '/aws/lambda/' + self.function_name
        self.log_stream_name = 'appflow-local'
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def to_json(value):
    """What json cannot write by itself but the SDK's to_dict() leaves in: enum members (an
    OAuth2 custom parameter's type), Decimals (range constraints), nested model objects."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, 'to_dict'):
        return value.to_dict()
    raise TypeError(f'{type(value).__name__} is not JSON serializable')


def resolve(handler):
    module_name, _, attribute = handler.rpartition('.')
    if not module_name or not attribute:
        raise ValueError(f"handler '{handler}' must be module.function, e.g. my_connector.handler.lambda_handler")
    target = getattr(importlib.import_module(module_name), attribute)
    if inspect.isclass(target):
        return target().lambda_handler
    return target


def main(argv):
    parser = argparse.ArgumentParser(prog='appflow_cmd_adapter.py', description=__doc__.split('\n\n')[0])
    parser.add_argument('handler', nargs='?', help='module.function (or module.Class) of the connector\'s Lambda handler')
    parser.add_argument('--path', action='append', default=[], help='folder to import the connector from (repeatable)')
    parser.add_argument('--timeout', type=float, default=DEFAULT_TIMEOUT_SECONDS,
                        help='seconds the context reports as the time limit (default %(default)s)')
    options = parser.parse_args(argv)

    handler = options.handler or os.environ.get('APPFLOW_HANDLER') or os.environ.get('_HANDLER')
    if not handler:
        parser.print_usage(sys.stderr)
        print('appflow_cmd_adapter.py: error: name the handler (module.function) or set APPFLOW_HANDLER', file=sys.stderr)
        return 2

    task_root = os.environ.get('LAMBDA_TASK_ROOT')
    for folder in reversed(options.path + ([task_root] if task_root else [])):
        sys.path.insert(0, os.path.abspath(folder))

    # As in Lambda, the connector's log records go to the log (here stderr), never into the response.
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format='%(levelname)s %(name)s: %(message)s')
    response_stream = sys.stdout
    sys.stdout = sys.stderr
    try:
        event = json.loads(sys.stdin.buffer.read())
        function = resolve(handler)
        result = function(event, InvocationContext(handler, options.timeout))
        payload = json.dumps(result, default=to_json)
    except Exception:  # Lambda reports whatever the handler raised as a function error; so does the exit code.
        traceback.print_exc()
        sys.stderr.flush()
        return 1
    finally:
        sys.stdout = response_stream

    response_stream.write(payload)
    response_stream.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
