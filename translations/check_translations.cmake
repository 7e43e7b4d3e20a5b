# Fails the build when a tr() string of the sources is missing from a .ts file or untranslated
# there: lupdate merges the sources into a copy of the .ts, and any "unfinished" entry in the
# copy is a string without a translation.
#   cmake -DLUPDATE=... -DTS=graphvae_de.ts -DWORK=dir -DSOURCES="folder;file" -DOPTIONS="..."
#         -P check_translations.cmake  (SOURCES and OPTIONS as the update_translations target's)
get_filename_component(name ${TS} NAME)
set(copy ${WORK}/${name})
file(COPY_FILE ${TS} ${copy})
execute_process(COMMAND ${LUPDATE} ${OPTIONS} -locations none ${SOURCES}
  -ts ${copy}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed on ${TS}:\n${out}${err}")
endif()
file(READ ${copy} merged)
string(REGEX MATCHALL "<source>[^<]*</source>[ \t\r\n]*(<comment>[^<]*</comment>[ \t\r\n]*)?<translation type=\"unfinished\"" missing "${merged}")
list(LENGTH missing count)
if(count GREATER 0)
  string(REGEX REPLACE "<translation type=\"unfinished\"" "" missing "${missing}")
  string(REPLACE ";" "\n  " missing "${missing}")
  message(FATAL_ERROR "${TS}: ${count} string(s) of the sources have no translation "
    "(run `cmake --build build --target update_translations`, then translate them):\n  ${missing}")
endif()
