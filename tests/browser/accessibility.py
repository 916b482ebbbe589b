"""The accessibility check every journey runs on every page it visits."""

from axe_playwright_python.sync_playwright import Axe

# Minor and moderate findings are worth reading in a report but do not stop a
# person from using the page; serious and critical ones do, so they fail the test.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# axe-core is bundled with the package: nothing is fetched.
_axe = Axe()


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now and fail on any serious or critical
    violation, saying which rule, why it matters and which elements break it."""
    violations = [
        violation
        for violation in _axe.run(page).response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not violations, describe_violations(page.url, violations)


def describe_violations(url: str, violations: list[dict]) -> str:
    """One paragraph per rule, with the selector and axe's own summary of each
    failing element, so the failure can be fixed without rerunning axe by hand."""
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            # "Fix any of the following:" then one reason a line: keep it one line.
            heading, *reasons = node.get("failureSummary", "").splitlines() or [""]
            if heading:
                lines.append(f"      {heading} {'; '.join(r.strip() for r in reasons)}")
    return "\n".join(lines)
