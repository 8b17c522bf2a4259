using Microsoft.Extensions.Options;

namespace Observatory.ServiceDefaults;

/// <summary>Validates <see cref="ObservatoryOptions"/> and its nested sections (source-generated).</summary>
[OptionsValidator]
public sealed partial class ObservatoryOptionsValidator : IValidateOptions<ObservatoryOptions>;
