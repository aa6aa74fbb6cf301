"""What a compound needs before it may be marked accepted (验收). The register knows nothing
of supervision or problems; the apps that keep them register a check here from their
AppConfig.ready(). Each check returns the sentences of what is missing (empty when nothing)."""

from collections.abc import Callable

CHECKS: list[Callable] = []


def register(check: Callable) -> None:
    """Add ``check(compound) -> list[str]``."""
    if check not in CHECKS:
        CHECKS.append(check)


def missing_for_acceptance(compound) -> list[str]:
    """Return everything the compound still lacks for acceptance, in the checks' order."""
    missing = []
    for check in CHECKS:
        missing.extend(str(sentence) for sentence in check(compound))
    return missing
