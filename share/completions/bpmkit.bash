# bash completion for the bpmkit tools: source this file, or install it as
# /usr/share/bash-completion/completions/bpm-{design,sim,kpi,optimize}.
_bpmkit_complete() {
  local cur prev words
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
    -o|--output|--log|--config|-p|--process|--overlay|--svg|--gather) compopt -o filenames; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -f|--format)
      case "$1" in
        bpm-design) words="text json github table markdown csv dot mermaid svg png bpmn yaml" ;;
        bpm-sim) words="yaml json table" ;;
        bpm-kpi) words="table markdown csv json yaml html" ;;
        bpm-optimize) words="table markdown json yaml svg" ;;
      esac
      COMPREPLY=($(compgen -W "$words" -- "$cur")); return ;;
    --template) COMPREPLY=($(compgen -W "lead-to-cash client-onboarding service-fulfillment customer-success" -- "$cur")); return ;;
  esac
  case "$1" in
    bpm-design) words="validate init fmt render export import raci playbook analyze discover --help --version" ;;
    bpm-sim) words="merge --scenario --set --replications --seed --cases --threads --format --output --log --shard --progress --no-progress --help --version" ;;
    bpm-kpi) words="diff lint distance --log --process --format --output --check --help --version" ;;
    bpm-optimize) words="compare bottlenecks sensitivity search abtest --help --version" ;;
  esac
  if [[ $cur == -* || $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
  compopt -o filenames
  COMPREPLY+=($(compgen -f -- "$cur"))
}
complete -F _bpmkit_complete bpm-design bpm-sim bpm-kpi bpm-optimize
