import subprocess
import sys

import orgchart


def test_public_api_is_explicit() -> None:
    for name in orgchart.__all__:
        assert hasattr(orgchart, name), name
    assert "load" in orgchart.__all__ and "check" in orgchart.__all__


def test_errors_subclass_builtins() -> None:
    assert issubclass(orgchart.ModelError, ValueError)
    assert issubclass(orgchart.UnknownUnitError, KeyError)
    assert issubclass(orgchart.ModelError, orgchart.OrgChartError)


def test_python_dash_m_works() -> None:
    out = subprocess.run([sys.executable, "-m", "orgchart", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("orgchart, version")
