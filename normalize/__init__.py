"""Between "what each file says" and "what the edition says": lineage keys, merging, source QA."""
