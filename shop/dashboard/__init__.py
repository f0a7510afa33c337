"""Oscar's dashboard apps we change, forked the Oscar way (labels kept)."""
