"""X-Ray subsegments for the AWS calls of a traced Lambda invocation, set up on first use.

Lambda's active tracing records every invocation without any SDK. The X-Ray SDK adds one
subsegment per DynamoDB or SSM call; importing it costs a cold start tens of milliseconds, so
it is imported on the first invocation of a traced function only, never at import time and
never locally.
"""

from __future__ import annotations

import os
from functools import lru_cache


def traced() -> bool:
    """Lambda sets the daemon address only when the function's tracing is Active."""
    return bool(os.environ.get("AWS_XRAY_DAEMON_ADDRESS") and os.environ.get("LAMBDA_TASK_ROOT"))


@lru_cache(maxsize=1)
def trace_aws_calls() -> bool:
    """Patches botocore once per container; clients made before still get traced."""
    if not traced():
        return False
    # The X-Ray SDK (Tracer ~265 ms) loads only when deployed with tracing on.
    from aws_xray_sdk.core import patch, xray_recorder

    # A call outside an invocation (none in Lambda) is logged, not raised.
    xray_recorder.configure(context_missing="LOG_ERROR")
    patch(("botocore",))
    return True
