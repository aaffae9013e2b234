"""`portfolio generate --scale N`: synthetic data for benchmarks and load tests."""

from __future__ import annotations

import argparse
import sys

from portfolio.cli.base import CommandContext, CommandRefused
from portfolio.i18n import register_messages

register_messages({
    "generate.not_empty": ("Databasen har allerede data; generatoren fylder kun en tom database.",
                           "The store already holds data; the generator only fills an empty store."),
    "generate.done": ("Genereret i skala {scale}: {programmes} programmer, {plans} planversioner, "
                      "{milestones} milepæle, {inclusion} inklusionsrækker.",
                      "Generated at scale {scale}: {programmes} programmes, {plans} plan versions, "
                      "{milestones} milestones, {inclusion} inclusion rows."),
})


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("scale must be a whole number ≥ 1")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("generate", help="syntetiske data til benchmarks / synthetic benchmark data")
    parser.add_argument("--scale", type=_positive, default=1, help="1 = national size; N multiplies programmes")
    parser.add_argument("--seed", type=int, default=1)
    parser.set_defaults(handler=cmd_generate)


def cmd_generate(args: argparse.Namespace, ctx: CommandContext) -> int:
    from portfolio.generate import StoreNotEmpty, generate
    from portfolio.schema import initialise_store

    initialise_store(ctx.engine, actor=ctx.user)

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        result = generate(ctx.engine, scale=args.scale, actor=ctx.user, seed=args.seed, progress=progress)
    except StoreNotEmpty as error:
        raise CommandRefused(ctx.msg("generate.not_empty")) from error
    ctx.say(ctx.msg("generate.done", scale=result.scale, programmes=result.programmes, plans=result.plan_versions,
                    milestones=result.milestones, inclusion=result.inclusion_rows))
    return 0
