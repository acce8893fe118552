# SPDX-License-Identifier: Apache-2.0
# Writes INPUT as a C++ raw string literal named NAME into OUTPUT (see CMakeLists.txt).
file(READ ${INPUT} content)
get_filename_component(source ${INPUT} NAME)
file(WRITE ${OUTPUT} "// Generated at build time from ${source}; edit that file.\n"
                     "constexpr std::string_view ${NAME} = R\"elig_embed(${content})elig_embed\";\n")
