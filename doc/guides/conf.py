# SPDX-License-Identifier: BSD-3-Clause
# Sphinx configuration of the dpdk-iobuf programmer's guide (built by
# doc/meson.build with -W: every warning is an error).

project = 'dpdk-iobuf'
copyright = '2026, dpdk-iobuf authors'
author = 'dpdk-iobuf authors'
# doc/meson.build passes -D version=... -D release=... from the project.
version = release = '0.1.0'

extensions = []
source_suffix = '.rst'
master_doc = 'index'
exclude_patterns = ['_build']
highlight_language = 'none'
pygments_style = 'sphinx'
numfig = True

try:
    import sphinx_rtd_theme  # noqa: F401 (Debian: python3-sphinx-rtd-theme)
    html_theme = 'sphinx_rtd_theme'
except ImportError:
    html_theme = 'alabaster'
html_show_sourcelink = False
html_static_path = []
