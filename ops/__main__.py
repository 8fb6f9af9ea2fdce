"""python -m ops <command>: the operator's commands (the Makefile names each)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _admin_create(args: argparse.Namespace) -> int:
    from ops.admins import create_or_reset_admin

    access = create_or_reset_admin(args.tenant, args.email, args.name or "")
    verb = "created" if access.created else "reset"
    print(f"ADMIN {access.email} ({access.user_id}) of tenant {access.tenant_id} {verb}.")
    print(f"One-time password (hand it over, have it changed): {access.password}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from ops import backup

    taken = backup.take(args.tenant)
    backup.write(taken, Path(args.file))
    print(f"{len(taken.items)} items of tenant {taken.tenant_id} written to {args.file}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from ops import backup

    tenant_id, count = backup.restore(
        backup.read(Path(args.file)), args.into or None, args.email_tag or None
    )
    print(f"{count} items restored as tenant {tenant_id}")
    return 0


def _rewrite_listing(args: argparse.Namespace) -> int:
    from chalicelib import catalog, tenancy

    tenants = [args.tenant] if args.tenant else list(tenancy.tenant_ids())
    for tenant_id in tenants:
        print(
            f"tenant {tenant_id}: {catalog.rewrite_listing(tenant_id)} products' entries rewritten"
        )
    return 0


def _stack_output(cloudformation: Any, stack: str, key: str) -> str:
    outputs = cloudformation.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    return next(str(o["OutputValue"]) for o in outputs if o["OutputKey"] == key)


def _replay_failures(args: argparse.Namespace) -> int:
    import boto3

    from infra.events import filter_criteria, handled_changes
    from ops.replay import lambda_invoke, replay

    session = boto3.session.Session()
    stack = f"comptoir-{args.stage}"
    cloudformation = session.client("cloudformation")
    queue_url = _stack_output(cloudformation, stack, "StreamFailuresQueueUrl")
    function = cloudformation.describe_stack_resource(
        StackName=stack, LogicalResourceId="OnTableChange"
    )["StackResourceDetail"]["PhysicalResourceId"]
    outcome = replay(
        session.client("sqs"),
        queue_url,
        session.client("dynamodbstreams"),
        lambda_invoke(session.client("lambda"), function),
        filter_criteria(handled_changes()),
        session.region_name or "eu-west-1",
    )
    print(f"{outcome.replayed} batch(es) replayed ({outcome.records} records)")
    for kept in outcome.kept:
        print(f"kept: {kept}")
    return 1 if outcome.kept else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("admin-create", help="create or reset a tenant's ADMIN")
    admin.add_argument("--tenant", required=True)
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="")
    admin.set_defaults(run=_admin_create)
    taken = commands.add_parser("backup", help="one tenant to a JSONL file")
    taken.add_argument("--tenant", required=True)
    taken.add_argument("--file", required=True)
    taken.set_defaults(run=_backup)
    restored = commands.add_parser("restore", help="a JSONL backup into the table")
    restored.add_argument("--file", required=True)
    restored.add_argument(
        "--into", default="", help="'new', or another tenant id (e-mails are renamed)"
    )
    restored.add_argument("--email-tag", default="", help="the +tag of renamed e-mails")
    restored.set_defaults(run=_restore)
    listing = commands.add_parser(
        "rewrite-listing", help="rewrite the product listing entries (after an upgrade)"
    )
    listing.add_argument("--tenant", default="", help="one tenant (default: every tenant)")
    listing.set_defaults(run=_rewrite_listing)
    replayed = commands.add_parser("replay-failures", help="re-drive failed stream batches")
    replayed.add_argument("--stage", required=True)
    replayed.set_defaults(run=_replay_failures)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except Exception as error:  # noqa: BLE001 - an operator reads the reason, not a traceback
        print(f"ops {args.command}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
