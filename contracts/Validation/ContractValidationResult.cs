namespace Observatory.Contracts;

/// <summary>Outcome of validating one instance against one contract.</summary>
public sealed record ContractValidationResult
{
    /// <summary>The shared result for a valid instance.</summary>
    public static ContractValidationResult Valid { get; } = new([]);

    public ContractValidationResult(IReadOnlyList<ContractValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
    }

    /// <summary>True when there are no errors.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Every failure, in schema evaluation order.</summary>
    public IReadOnlyList<ContractValidationError> Errors { get; }

    /// <summary>
    /// Messages grouped by instance path, the shape of the <c>errors</c> member of <c>problem-details.json</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> ToErrorDictionary() =>
        Errors
            .GroupBy(e => e.InstancePath, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
}
