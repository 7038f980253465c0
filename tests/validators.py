"""Official XML schemas the tests validate exports against, loaded offline.

The OMG BPMN 2.0 XSDs (BPMN20.xsd, Semantic.xsd, BPMNDI.xsd, DC.xsd, DI.xsd) come with the
``spiffworkflow`` wheel, a dev dependency (pyproject.toml), which keeps them in
``SpiffWorkflow/bpmn/parser/schema/``; only the files are used, not the library.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import pytest
import xmlschema

BPMN_XSD_FILES = ("BPMN20.xsd", "Semantic.xsd", "BPMNDI.xsd", "DC.xsd", "DI.xsd")


def bpmn_xsd_dir() -> Path:
    """The folder of the BPMN 2.0 XSDs inside the installed spiffworkflow package."""
    spec = importlib.util.find_spec("SpiffWorkflow")  # locates it without importing it
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        schema = Path(folder) / "bpmn" / "parser" / "schema"
        if all((schema / name).is_file() for name in BPMN_XSD_FILES):
            return schema
    pytest.fail(
        "the BPMN 2.0 XSDs are not installed: they come with the spiffworkflow package "
        f"(SpiffWorkflow/bpmn/parser/schema/{{{','.join(BPMN_XSD_FILES)}}}), a dev "
        "dependency. Run `make bootstrap`.",
        pytrace=False,
    )


@cache
def bpmn_schema() -> xmlschema.XMLSchema:
    """The BPMN 2.0 schema (model and diagram interchange): ``bpmn_schema().validate(xml)``.

    Loaded with ``allow="local"``: the imports resolve to the files beside it, and neither
    the schema nor a document validated with it can fetch anything from the network.
    """
    return xmlschema.XMLSchema(str(bpmn_xsd_dir() / "BPMN20.xsd"), allow="local")
