# Warning and sanitizer flags, applied per target so that nothing leaks into consumers.
# -Wconversion/-Wsign-conversion: every narrowing (double -> integer, size_t -> int, signed <->
# unsigned) is written as an explicit static_cast, so that an unintended one is a compile error.
function(bpm_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion)
  if(BPM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(BPM_SANITIZE)
    # Undefined behaviour stops the program (and fails its test) instead of printing and going on.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
