# SPDX-License-Identifier: Apache-2.0
"""Builds the `elig` package from the checkout (pyproject.toml has the metadata).

Two things need a script: the version, which is CMake's project(VERSION) in the top
CMakeLists.txt (the one place it is set), and libelig.so, which the package carries so
that `import elig` needs no environment variable. The library is taken from, in order:

1. $ELIG_LIBRARY: a built libelig.so;
2. $ELIG_BUILD_DIR: a CMake build directory of this checkout (its api/libelig.so);
3. $ELIG_PREFIX: an installed prefix (its lib*/libelig.so, as `cmake --install` lays it);
4. else a CMake build of the checkout: Release, tests off, into $ELIG_CMAKE_BUILD_DIR
   (default build-python/ at the top of the checkout), with $ELIG_JOBS jobs (default 2).

The library must say the version CMakeLists.txt says, or the build fails.

The package is assembled in the build directory: elig.py becomes elig/__init__.py, beside
py.typed, _version.py and libelig.so.
"""

import ctypes
import glob
import os
import re
import shutil
import subprocess
import sys

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

try:
    from wheel.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover - setuptools without wheel builds no wheels anyway
    bdist_wheel = None

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.environ.get("ELIG_SOURCE_DIR") or os.path.join(HERE, "..", "..", ".."))


def fail(message):
    sys.exit(f"elig setup.py: {message}")


def cmake_version():
    path = os.path.join(SOURCE, "CMakeLists.txt")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        fail(f"cannot read {path} for the version ({e}); build from elig's checkout, or set ELIG_SOURCE_DIR to it")
    found = re.search(r"\bproject\s*\(\s*elig\b[^)]*?\bVERSION\s+(\d+\.\d+\.\d+)", text)
    if not found:
        fail(f"{path} has no project(elig VERSION x.y.z)")
    return found.group(1)


VERSION = cmake_version()


def cmake_build():
    build = os.path.abspath(os.environ.get("ELIG_CMAKE_BUILD_DIR") or os.path.join(SOURCE, "build-python"))
    jobs = os.environ.get("ELIG_JOBS", "2")
    print(f"elig setup.py: building libelig with CMake in {build}", file=sys.stderr)
    try:
        subprocess.run(["cmake", "-S", SOURCE, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DELIG_BUILD_TESTS=OFF"],
                       check=True, stdout=sys.stderr)
        subprocess.run(["cmake", "--build", build, "--target", "elig_shared", "-j", jobs], check=True,
                       stdout=sys.stderr)
    except (OSError, subprocess.CalledProcessError) as e:
        fail(f"the CMake build of libelig failed ({e}); or set ELIG_LIBRARY, ELIG_BUILD_DIR or ELIG_PREFIX")
    return os.path.join(build, "api", "libelig.so")


def locate_library():
    """(path, where) of the libelig.so to put into the package."""
    if os.environ.get("ELIG_LIBRARY"):
        return os.environ["ELIG_LIBRARY"], "$ELIG_LIBRARY"
    if os.environ.get("ELIG_BUILD_DIR"):
        return os.path.join(os.environ["ELIG_BUILD_DIR"], "api", "libelig.so"), "$ELIG_BUILD_DIR"
    if os.environ.get("ELIG_PREFIX"):
        prefix = os.environ["ELIG_PREFIX"]
        found = sorted(glob.glob(os.path.join(prefix, "lib*", "libelig.so"))
                       + glob.glob(os.path.join(prefix, "lib*", "*", "libelig.so")))
        if not found:
            fail(f"no lib*/libelig.so under $ELIG_PREFIX ({prefix})")
        return found[0], "$ELIG_PREFIX"
    return cmake_build(), "the CMake build"


def checked_library():
    path, where = locate_library()
    real = os.path.realpath(path)
    if not os.path.isfile(real):
        fail(f"{where}: {path} is not a file")
    try:
        lib = ctypes.CDLL(real)
        lib.elig_libversion.restype = ctypes.c_char_p
        linked = lib.elig_libversion().decode()
    except (OSError, AttributeError) as e:
        fail(f"{where}: {path} is not a loadable libelig ({e})")
    if linked != VERSION:
        fail(f"{where}: {path} is libelig {linked}, but CMakeLists.txt says {VERSION}: rebuild it")
    print(f"elig setup.py: packaging {real} ({where}, version {linked})", file=sys.stderr)
    return real


class BuildPackage(build_py):
    """Assembles the package `elig` in the build directory."""

    def run(self):
        super().run()
        package = os.path.join(self.build_lib, "elig")
        os.makedirs(package, exist_ok=True)
        shutil.copyfile(os.path.join(HERE, "elig.py"), os.path.join(package, "__init__.py"))
        shutil.copyfile(os.path.join(HERE, "py.typed"), os.path.join(package, "py.typed"))
        with open(os.path.join(package, "_version.py"), "w", encoding="utf-8") as f:
            f.write(f'# Written by setup.py from project(VERSION) in CMakeLists.txt.\nVERSION = "{VERSION}"\n')
        shutil.copyfile(checked_library(), os.path.join(package, "libelig.so"))
        os.chmod(os.path.join(package, "libelig.so"), 0o755)


class BinaryDistribution(Distribution):
    """The package carries a native library: its wheel is for one platform."""

    def has_ext_modules(self):
        return True

    def has_pure_modules(self):
        return True  # so that `build` runs build_py, which assembles the package


cmdclass = {"build_py": BuildPackage}
if bdist_wheel is not None:

    class PlatformWheel(bdist_wheel):
        """py3-none-<platform>: the library is loaded with ctypes, so any Python 3 will do."""

        def get_tag(self):
            _, _, platform = super().get_tag()
            return "py3", "none", platform

    cmdclass["bdist_wheel"] = PlatformWheel

setup(version=VERSION, packages=[], py_modules=[], cmdclass=cmdclass, distclass=BinaryDistribution, zip_safe=False)
