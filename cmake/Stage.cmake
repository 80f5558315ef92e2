# govscore_stage(NAME [DEPS targets...] [TEST_DEPS targets...])
#
# Builds the library govscore_NAME from every *.cc in the calling folder that is
# not a test, and the test executable NAME_test from every *_test.cc there.
# An empty folder gives an INTERFACE library so the tree always configures.
function(govscore_stage NAME)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(tests)
    list(REMOVE_ITEM sources ${tests})
  endif()
  set(lib govscore_${NAME})
  if(sources)
    add_library(${lib} STATIC ${sources})
    target_include_directories(${lib} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${lib} PUBLIC ${ARG_DEPS})
    target_compile_definitions(${lib} PRIVATE
      GOVSCORE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  else()
    add_library(${lib} INTERFACE)
    target_include_directories(${lib} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${lib} INTERFACE ${ARG_DEPS})
  endif()
  if(GOVSCORE_TESTS AND tests)
    add_executable(${NAME}_test ${tests})
    target_link_libraries(${NAME}_test PRIVATE ${lib} ${ARG_TEST_DEPS}
                          govscore_test_main GTest::gtest GTest::gmock)
    target_compile_definitions(${NAME}_test PRIVATE
      GOVSCORE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
      GOVSCORE_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
      GOVSCORE_BINARY_DIR="${PROJECT_BINARY_DIR}")
    gtest_discover_tests(${NAME}_test
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS ${NAME} TIMEOUT 300)
  endif()
endfunction()
