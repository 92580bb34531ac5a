"""The Dockerfile cannot be built here (no Docker engine), so read it: it parses into
stages of known instructions, the builder exports the encoder with the model extra, and the
runtime stage installs the runtime alone (no torch) and runs the builder's export."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK",
                "SHELL"}


@dataclass
class Stage:
    name: str
    base: str
    steps: list[tuple[str, str]] = field(default_factory=list)

    def args(self, instruction: str) -> list[str]:
        return [text for name, text in self.steps if name == instruction]

    def env(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for text in self.args("ENV"):
            found.update(dict(re.findall(r"(\w+)=(\S+)", text)))
        return found


def parse(text: str) -> list[Stage]:
    """Stages of (INSTRUCTION, arguments); continuation lines joined; comments dropped.
    Raises ValueError on an unknown instruction or a step before the first FROM."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    if pending:
        raise ValueError("the file ends inside a continued line")
    stages: list[Stage] = []
    for line in logical:
        instruction, _, rest = line.strip().partition(" ")
        if instruction.upper() not in INSTRUCTIONS:
            raise ValueError(f"unknown instruction {instruction!r}")
        if instruction.upper() == "FROM":
            match = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", rest.strip(), re.IGNORECASE)
            if match is None:
                raise ValueError(f"bad FROM: {rest!r}")
            stages.append(Stage(match.group(2) or str(len(stages)), match.group(1)))
        elif not stages:
            raise ValueError(f"{instruction} before FROM")
        else:
            stages[-1].steps.append((instruction.upper(), " ".join(rest.split())))
    return stages


def stages() -> dict[str, Stage]:
    return {stage.name: stage for stage in parse((ROOT / "Dockerfile").read_text("utf-8"))}


def test_the_dockerfile_parses_into_a_builder_and_a_runtime_stage() -> None:
    found = stages()
    assert list(found) == ["builder", "runtime"]
    assert all(stage.base == "python:3.11-slim" for stage in found.values())
    assert found["runtime"].args("CMD") == ['["python", "-m", "bot"]']


def test_builder_installs_cpu_torch_first_then_the_model_extra_and_exports() -> None:
    runs = stages()["builder"].args("RUN")
    torch = next(i for i, run in enumerate(runs) if "torch==2.13.0" in run)
    assert "download.pytorch.org/whl/cpu" in runs[torch]
    extra = next(i for i, run in enumerate(runs) if "pip install" in run and "[model]" in run)
    export = next(i for i, run in enumerate(runs) if "llc-bot model export" in run)
    assert torch < extra < export
    assert "llc-bot index build" in runs[export]


def test_runtime_stage_installs_no_torch_and_loads_the_builders_export() -> None:
    runtime = stages()["runtime"]
    text = " ".join(text for _, text in runtime.steps)
    for heavy in ("torch", "sentence-transformers", "sentence_transformers", "[model]"):
        assert heavy not in text
    assert "pip install --no-cache-dir ." in runtime.args("RUN")
    builder_env = stages()["builder"].env()
    encoder_dir = runtime.env()["ENCODER_DIR"]
    assert builder_env["ENCODER_DIR"] == encoder_dir
    assert f"--from=builder {encoder_dir} {encoder_dir}" in runtime.args("COPY")
    assert any(copy.startswith("--from=builder") and copy.endswith("/data /data")
               for copy in runtime.args("COPY"))


def test_compose_defaults_to_the_export_the_image_carries() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    default = compose["services"]["bot"]["environment"]["ENCODER_DIR"]
    assert default.endswith(":-" + stages()["runtime"].env()["ENCODER_DIR"] + "}")


def test_the_parser_refuses_what_docker_would_refuse() -> None:
    for bad in ("RUN echo before any stage", "FROM python:3.11-slim\nRUNN echo typo",
                "FROM python:3.11-slim\nRUN echo \\"):
        try:
            parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"parsed: {bad!r}")
