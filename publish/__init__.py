"""Writers: fillable Word documents (self-assessment, action plan) built from an edition record."""
