# The Debian package of the app: `cpack` in a build directory (scripts/package.sh builds a
# Release tree without tests and runs it). Only the install component "app" is packaged: the
# program, its desktop file, metainfo and icons; nothing of the tests, benchmarks or the static
# libraries is installed at all.
set(WCI_PACKAGE_MAINTAINER "Wow Compensation Inspector maintainers <wowinspector@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wow-inspector)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Wow Compensation Inspector")
set(CPACK_PACKAGE_CONTACT "${WCI_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/wowinspector/wow-inspector")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Inspector for the failed executions of Wow's compensation service")
set(CPACK_PACKAGE_DESCRIPTION
    "A desktop inspector for the compensation service of Wow, a Kotlin framework
for domain-driven design and event sourcing. It finds failed event-handler
executions, shows their error, stack trace, event streams and snapshots, and
retries, marks, deletes or recovers them, one at a time or in bulk, with a
local audit trail. It works on a built-in SQLite store (which can also serve
Wow's REST API) or on a Wow server.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY wow-inspector)
set(CPACK_STRIP_FILES ON)
# Only the app's install component, installed under /usr.
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};${PROJECT_NAME};app;/")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${WCI_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# Depends is computed by dpkg-shlibdeps (dpkg-dev) from the libraries the program links.
# The Qt plugins it loads come with those libraries on Debian 12: the xcb platform plugin
# with libqt6gui6, the TLS backends with libqt6network6. It uses no Qt SQL driver and no SVG
# at run time (the icons are PNGs in the program), so there is nothing to add by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt's own translations (its dialogs and buttons in Chinese); a CJK font for the Chinese UI.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "fonts-noto-cjk | fonts-wqy-microhei")

include(CPack)
