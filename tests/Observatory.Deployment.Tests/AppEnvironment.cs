using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Observatory.Dashboard.Api;
using Observatory.Dashboard.Auth;
using Observatory.EventArchive;
using Observatory.Gateway.Alerts;
using Observatory.Grains.Tasks;
using Observatory.ServiceDefaults;
using Observatory.Silo;
using Observatory.Silo.Tasks;

namespace Observatory.Deployment.Tests;

/// <summary>
/// An app container's environment as the process would see it: references to other variables
/// expanded as the kubelet does (only variables defined earlier in the list), values from the
/// downward API and Secrets replaced by samples, then read as .NET configuration.
/// </summary>
internal sealed partial class AppEnvironment
{
    public const string SamplePodIp = "10.244.1.17";
    public const string SamplePodName = "observatory-silo-7d9f-abcde";

    /// <summary>The option types the processes bind, by configuration section.</summary>
    private static readonly Dictionary<string, Type> _sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [ObservatoryOptions.SectionName] = typeof(ObservatoryOptions),
        [SiloEndpointOptions.SectionName] = typeof(SiloEndpointOptions),
        [TaskExecutionOptions.SectionName] = typeof(TaskExecutionOptions),
        [DueTaskPollerOptions.SectionName] = typeof(DueTaskPollerOptions),
        [EventArchiveOptions.SectionName] = typeof(EventArchiveOptions),
        [AlertWebhookOptions.SectionName] = typeof(AlertWebhookOptions),
        [DashboardUserOptions.SectionName] = typeof(DashboardUserOptions),
        [LauncherOptions.SectionName] = typeof(LauncherOptions),
    };

    private AppEnvironment(Dictionary<string, string> variables, List<string> unresolved)
    {
        Variables = variables;
        Unresolved = unresolved;
        Configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)))
            .Build();
    }

    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>References to variables not defined before them: the kubelet leaves those as literal text.</summary>
    public IReadOnlyList<string> Unresolved { get; }

    public IConfiguration Configuration { get; }

    public static AppEnvironment Of(PodTemplate pod, string container)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var (name, value, valueFrom) in pod.Environment(container))
        {
            variables[name] = value is not null
                ? Reference().Replace(value, m => variables.TryGetValue(m.Groups[1].Value, out var v) ? v : Unresolve(unresolved, name, m.Value))
                : Sample(name, valueFrom!);
        }

        return new AppEnvironment(variables, unresolved);
    }

    public T Bind<T>(string section)
        where T : new()
    {
        var options = new T();
        Configuration.GetSection(section).Bind(options);
        return options;
    }

    /// <summary>
    /// Keys under <c>Observatory</c> that no option property reads: a typo there is silently
    /// ignored by the app, so the chart would configure nothing.
    /// </summary>
    public IEnumerable<string> UnboundObservatoryKeys() =>
        Variables.Keys
            .Where(k => k.StartsWith("Observatory__", StringComparison.Ordinal))
            .Where(k => !IsBound(k.Split("__")));

    private static bool IsBound(string[] path)
    {
        // The longest section prefix that names an option type, then the property path below it.
        for (var length = path.Length - 1; length >= 1; length--)
        {
            if (_sections.TryGetValue(string.Join(':', path[..length]), out var type) && HasProperty(type, path[length..]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasProperty(Type type, string[] path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
        {
            return false;
        }

        // A list's items are keyed by index (Links:0:Name).
        var rest = path[1..];
        var element = property.PropertyType.IsGenericType && rest.Length > 1 && int.TryParse(rest[0], System.Globalization.CultureInfo.InvariantCulture, out _)
            ? property.PropertyType.GetGenericArguments()[0]
            : null;
        return rest.Length == 0 || (element is not null ? HasProperty(element, rest[1..]) : HasProperty(property.PropertyType, rest));
    }

    private static string Unresolve(List<string> unresolved, string variable, string reference)
    {
        unresolved.Add($"{variable} uses {reference}");
        return reference;
    }

    private static string Sample(string name, System.Text.Json.Nodes.JsonObject valueFrom)
    {
        var field = valueFrom["fieldRef"]?["fieldPath"]?.GetValue<string>();
        if (field is not null)
        {
            return field switch
            {
                "status.podIP" => SamplePodIp,
                "metadata.name" => SamplePodName,
                _ => throw new InvalidOperationException($"{name} reads unexpected field {field}"),
            };
        }

        Assert.True(valueFrom["secretKeyRef"] is not null, $"{name} comes from neither the downward API nor a Secret");

        // What an operator's Secret would hold for that setting.
        return name switch
        {
            "Observatory__Postgres__ConnectionString" => "Host=db.internal;Port=5432;Database=observatory;Username=observatory;Password=s3cret",
            "Observatory__RabbitMq__Uri" => "amqps://observatory:s3cret@mq.internal:5671/",
            "Observatory__Redis__ConnectionString" => "redis.internal:6380,ssl=true,password=s3cret",
            "Observatory__Archive__Mongo__ConnectionString" => "mongodb+srv://observatory:s3cret@archive.internal/",
            _ => "Sample0Password0From0A0Secret",
        };
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
