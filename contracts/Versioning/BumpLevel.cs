namespace Observatory.Contracts;

/// <summary>Which SemVer component a change requires, or a version step performed. Ordered: a higher value covers a lower one.</summary>
public enum BumpLevel
{
    /// <summary>Identical contract; no bump needed.</summary>
    None = 0,

    /// <summary>Documentation or annotations only.</summary>
    Patch = 1,

    /// <summary>Backward-compatible: optional field added, enum widened, constraint relaxed.</summary>
    Minor = 2,

    /// <summary>Breaking: removed field, narrowed enum, changed type, new required field, tightened constraint.</summary>
    Major = 3,
}
