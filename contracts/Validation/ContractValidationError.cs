namespace Observatory.Contracts;

/// <summary>One reason an instance does not satisfy a contract.</summary>
/// <param name="InstancePath">JSON Pointer (RFC 6901) to the offending value; <c>""</c> is the document itself, <c>/tags/0</c> the first tag.</param>
/// <param name="Keyword">The schema keyword that failed, e.g. <c>required</c>, <c>maxLength</c>, <c>additionalProperties</c>.</param>
/// <param name="Message">A message fit to show the client, e.g. <c>Required properties ["type"] are not present</c>.</param>
/// <param name="SchemaPath">Evaluation path through the schema, for diagnostics rather than for clients.</param>
public sealed record ContractValidationError(string InstancePath, string Keyword, string Message, string SchemaPath);
