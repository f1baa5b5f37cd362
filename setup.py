"""The Python module `score`, built against libscore (pip install . works
offline: it builds libscore with make, then links it in statically).
SCORE_LINK=shared links libscore.so.0 instead, as the Debian package
python3-score does (it then depends on libscore0)."""
import os
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


SHARED = os.environ.get("SCORE_LINK") == "shared"


class BuildWithLibscore(build_ext):
    def run(self):
        if not SHARED:
            subprocess.run(["make", "-C", HERE, "build/release/libscore.a"], check=True)
        super().run()


def linked():
    if SHARED:  # the library built beforehand (make lib)
        return {"libraries": ["score"], "library_dirs": ["build/release"]}
    return {"extra_objects": ["build/release/libscore.a"], "libraries": pkg_libs()}


def pkg_libs():
    libs = ["gmp", "utf8proc", "xlsxwriter", "zip", "expat", "z", "pthread"]
    try:
        lua = subprocess.run(["pkg-config", "--libs", "lua5.4"], capture_output=True, text=True, check=True).stdout
        libs += [f[2:] for f in lua.split() if f.startswith("-l")]
    except (OSError, subprocess.CalledProcessError):
        libs.append("lua5.4")
    return libs


setup(
    name="score",
    version=subprocess.run(["sh", "-c", "sed -n 's/^#define SCORE_VERSION_\\(MAJOR\\|MINOR\\|PATCH\\) \\([0-9]*\\).*/\\2/p' "
                                        "include/score.h | paste -sd."], cwd=HERE, capture_output=True, text=True,
                           check=True).stdout.strip(),
    description="exact scoring of rubrics (预算绩效评价 指标体系)",
    packages=["score"],
    package_dir={"": "python"},
    ext_modules=[Extension("score._score", sources=["python/score/_score.c"], include_dirs=["include"],
                           extra_compile_args=["-Wall", "-Wextra", "-Werror", "-Wno-missing-field-initializers"],
                           **linked())],
    cmdclass={"build_ext": BuildWithLibscore},
)
