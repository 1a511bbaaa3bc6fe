"""Write the synthesized inputs of this fixture (sbomkeeper's own helper, not upstream code).

Usage (from this directory):
    python3 make_inputs.py /path/to/Python-3.13.5

Writes:
    index/pypi/<project>/<version>/json   loopback PyPI JSON API answers
    sbom-3.12.spdx.json                   3.12-style input SBOM

Everything is deterministic: running it twice writes the same bytes.
Only pip's wheel digests (sha256, md5, and the blake2b-256 used in the
files.pythonhosted.org path) are real: they are computed from the wheel
bundled in the tree. Every other digest and URL is synthesized.
"""
import hashlib
import json
import pathlib
import re
import sys
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
TREE = pathlib.Path(sys.argv[1])
WHEEL = TREE / "Lib/ensurepip/_bundled/pip-25.1.1-py3-none-any.whl"

# Stale versions a 3.12-era maintainer would have written (those of the
# pip 24.0 era; tomli-w and dependency-groups were not vendored then, so
# they get an older release as their placeholder).
STALE = {
    "cachecontrol": "0.13.1",
    "distlib": "0.3.8",
    "distro": "1.8.0",
    "msgpack": "1.0.5",
    "packaging": "21.3",
    "platformdirs": "3.8.1",
    "pyproject-hooks": "1.0.0",
    "requests": "2.31.0",
    "certifi": "2023.7.22",
    "idna": "3.4",
    "urllib3": "1.26.17",
    "rich": "13.4.2",
    "pygments": "2.15.1",
    "typing_extensions": "4.7.1",
    "resolvelib": "1.0.1",
    "setuptools": "68.0.0",
    "tomli": "2.0.1",
    "tomli-w": "1.0.0",
    "truststore": "0.8.0",
    "dependency-groups": "1.3.0",
}
PIP_STALE_VERSION = "24.0"


def spdx_id(value):
    return re.sub(r"[^a-zA-Z0-9.\-]+", "-", value)


def fake_url(seed, filename):
    h = hashlib.blake2b(("url:" + seed).encode(), digest_size=32).hexdigest()
    return f"https://files.pythonhosted.org/packages/{h[:2]}/{h[2:4]}/{h[4:]}/{filename}"


def fake_entry(project, version, filename, packagetype):
    seed = f"{project}-{version}-{filename}"
    return {
        "digests": {
            "md5": hashlib.md5(seed.encode()).hexdigest(),
            "sha256": hashlib.sha256(seed.encode()).hexdigest(),
        },
        "filename": filename,
        "packagetype": packagetype,
        "url": fake_url(seed, filename),
    }


def write_json(path, data, trailing_newline=True):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, sort_keys=True)
    if trailing_newline:
        text += "\n"
    path.write_bytes(text.encode())


def vendored():
    txt = zipfile.ZipFile(WHEEL).read("pip/_vendor/vendor.txt").decode()
    pin = re.compile(r"^([a-zA-Z0-9_.-]+)==([0-9.]*[0-9])$")
    out = []
    for line in txt.splitlines():
        line = line.partition("#")[0].strip()
        if not line:
            continue
        name, version = pin.match(line).groups()
        out.append((name, name.lower(), version))
    return out


def index_answers():
    answers = {}
    # pip: the wheel entry is real, the sdist entry is synthesized.
    data = WHEEL.read_bytes()
    b2 = hashlib.blake2b(data, digest_size=32).hexdigest()
    answers[("pip", "25.1.1")] = {
        "info": {"name": "pip", "version": "25.1.1"},
        "urls": [
            {
                "digests": {
                    "md5": hashlib.md5(data).hexdigest(),
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
                "filename": WHEEL.name,
                "packagetype": "bdist_wheel",
                "url": f"https://files.pythonhosted.org/packages/{b2[:2]}/{b2[2:4]}/{b2[4:]}/{WHEEL.name}",
            },
            fake_entry("pip", "25.1.1", "pip-25.1.1.tar.gz", "sdist"),
        ],
    }
    for display, project, version in vendored():
        stem = project.replace("-", "_").replace(".", "_")
        wheel = f"{stem}-{version}-py3-none-any.whl"
        sdist = f"{stem}-{version}.tar.gz"
        if project == "msgpack":
            # sdist first, then platform wheels, then the pure wheel: the
            # script takes the FIRST bdist_wheel, i.e. the manylinux one.
            names = [
                (sdist, "sdist"),
                (f"{stem}-{version}-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "bdist_wheel"),
                (f"{stem}-{version}-cp312-cp312-win_amd64.whl", "bdist_wheel"),
                (wheel, "bdist_wheel"),
            ]
        elif project == "certifi":
            names = [(sdist, "sdist"), (wheel, "bdist_wheel")]
        else:
            names = [(wheel, "bdist_wheel"), (sdist, "sdist")]
        answers[(project, version)] = {
            "info": {"name": display, "version": version},
            "urls": [fake_entry(project, version, f, t) for f, t in names],
        }
    return answers


def sbom_312():
    sbom = json.loads((TREE / "Misc/sbom.spdx.json").read_bytes())
    # A stale pip entry, placed BEFORE the vendored entries (the script
    # drops it and appends a fresh one last).
    pip_stale_url = "https://files.pythonhosted.org/packages/8a/6a/19e9fe04fca059ccf770861c7d5721ab4c2aebc539889e97c7977528a53b/pip-24.0-py3-none-any.whl"
    sbom["packages"].append({
        "SPDXID": "SPDXRef-PACKAGE-pip",
        "checksums": [{"algorithm": "SHA256", "checksumValue": "ba0d021a166865d2265246961bec0152ff124de910c5cc39f1156ce3fa7c69dc"}],
        "downloadLocation": pip_stale_url,
        "externalRefs": [
            {"referenceCategory": "SECURITY", "referenceLocator": f"cpe:2.3:a:pypa:pip:{PIP_STALE_VERSION}:*:*:*:*:*:*:*", "referenceType": "cpe23Type"},
            {"referenceCategory": "PACKAGE_MANAGER", "referenceLocator": f"pkg:pypi/pip@{PIP_STALE_VERSION}", "referenceType": "purl"},
        ],
        "licenseConcluded": "NOASSERTION",
        "name": "pip",
        "originator": "Organization: Python Packaging Authority",
        "primaryPackagePurpose": "SOURCE",
        "versionInfo": PIP_STALE_VERSION,
    })
    for display, project, version in vendored():
        old = STALE[project]
        stem = project.replace("-", "_").replace(".", "_")
        filename = f"{stem}-{old}-py3-none-any.whl"
        seed = f"stale:{project}-{old}-{filename}"
        sbom["packages"].append({
            "SPDXID": spdx_id(f"SPDXRef-PACKAGE-{project}"),
            "checksums": [{"algorithm": "SHA256", "checksumValue": hashlib.sha256(seed.encode()).hexdigest()}],
            "downloadLocation": fake_url(seed, filename),
            "externalRefs": [
                {"referenceCategory": "PACKAGE_MANAGER", "referenceLocator": f"pkg:pypi/{project}@{old}", "referenceType": "purl"},
            ],
            "licenseConcluded": "NOASSERTION",
            "name": project,
            "primaryPackagePurpose": "SOURCE",
            "versionInfo": old,
        })
    return sbom


def main():
    for (project, version), answer in index_answers().items():
        write_json(HERE / "index/pypi" / project / version / "json", answer)
    write_json(HERE / "sbom-3.12.spdx.json", sbom_312(), trailing_newline=False)


if __name__ == "__main__":
    main()
