"""Every text step is linear: each pattern of the title cleaner and the parsing helpers runs on 100 kB
adversarial strings, and the cleaners on a 2 MB title, in a child process with a CPU-time limit.

The limit is CPU seconds of the child, not wall-clock time, so a busy machine cannot make this fail; a
quadratic pattern needs hours on these inputs (10^10 steps and more), a linear one well under a second each.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

CPU_SECONDS = 60

CHILD = textwrap.dedent(
    """
    import re, sys
    from toerusting import dutch
    from toerusting.agenda import parsing

    SIZE = 100_000
    ATOMS = [
        "1", "a", "A", " ", "-", "(", "[", "<", ".", ",", ":", "/", "1 ", "a ", "- ", ". ", "aaaaaaA",
        "nr.1a-", "nr 1", "(aangenomen ", "(besluit: ", "(o.v.b. ", "(nr 1", "(11.1", "(A/11", "[A1",
        "[11.", " - 11111", " - A11111 ", "1 voor ", "1 voor 1 tegen", "- aangenomen", "woordmeldingen ",
        " woordmeldingen", "Raadsvoorstel ", "voorstel inzake ", "agendapunt 1 ", "<br ", "<p", "</p",
        "&amp", "\\u00e9", "aB", "zaaknummer 1-", "kenmerk A1.",
    ]
    patterns = {
        f"{module.__name__}.{name}": value
        for module in (dutch, parsing)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    }
    patterns.update({f"dutch._NUMBERS[{i}]": p for i, p in enumerate(dutch._NUMBERS)})
    for atom in ATOMS:
        body = atom * (SIZE // len(atom))
        for text in (body, body + "x", "x" + body + "x)", body.upper()):
            for name, pattern in patterns.items():
                pattern.sub("", text)  # scans every start position, as search and findall do
            parsing.plain_text(text)
    long = ("Raadsvoorstel (23207) nr. 12-34 Woordmeldingen: " + "ab1- (" * 350_000)[:2_000_000]
    assert dutch.clean_title(long, "7.")
    assert dutch.analysis_title(long)
    print("patterns", len(patterns), "atoms", len(ATOMS))
    """
)


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def test_every_text_pattern_is_linear_on_adversarial_input() -> None:
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", CHILD],
        preexec_fn=_limit_cpu,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"a text step ran past {CPU_SECONDS} CPU seconds or failed "
        f"(exit {result.returncode}): {result.stderr[-2000:]}"
    )
    assert "patterns" in result.stdout
