using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using Observatory.Database.Tests.Support;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;

namespace Observatory.Database.Tests;

/// <summary>
/// The OrleansQuery table holds exactly the query keys the referenced Orleans ADO.NET provider
/// assemblies ask for, read from those assemblies themselves so an Orleans upgrade that adds a key fails here.
/// </summary>
public sealed partial class OrleansQueryContractTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task OrleansQuery_HoldsEveryKeyTheProvidersRead_AndNothingElse()
    {
        var expected = PersistenceKeys().Concat(ClusteringKeys()).Order().ToList();

        var queries = await OrleansQueries.LoadAsync(database.ConnectionString);

        Assert.Equal(expected, queries.Keys.Order());
        Assert.All(queries.Values, text => Assert.False(string.IsNullOrWhiteSpace(text)));
    }

    [Fact]
    public void ProviderContract_IsTheOneTheseMigrationsWereWrittenFor()
    {
        // A tripwire: if this changes, re-check parameters and result columns against the new provider.
        Assert.Equal(["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"], PersistenceKeys().Order());
        Assert.Equal(
            [
                "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
                "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
                "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
            ],
            ClusteringKeys().Order());
    }

    /// <summary>The grain storage provider loads its queries with one fixed statement listing the keys.</summary>
    private static IEnumerable<string> PersistenceKeys() =>
        QuotedKey().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>
    /// Clustering looks keys up by name inside its internal DbStoredQueries class: required ones in
    /// property getters, optional ones (CleanupDefunctSiloEntryKey) in methods. Collect every string
    /// literal ending in "Key" that the class's IL loads.
    /// </summary>
    private static IEnumerable<string> ClusteringKeys()
    {
        var storedQueries = typeof(AdoNetClusteringTable).Assembly.GetTypes()
            .Single(t => t.Name == "DbStoredQueries" && t.Namespace == "Orleans.Clustering.AdoNet.Storage");
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        return storedQueries.GetMethods(all)
            .SelectMany(method => LoadedStrings(method))
            .Where(s => s.EndsWith("Key", StringComparison.Ordinal) && QueryKeyName().IsMatch(s))
            .Distinct();
    }

    private static IEnumerable<string> LoadedStrings(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 4 < il.Length; i++)
        {
            // ldstr <token>: a string token has 0x70 in its top byte, which keeps false hits on other bytes rare.
            if (il[i] == OpCodes.Ldstr.Value && il[i + 4] == 0x70)
            {
                string? value = null;
                try
                {
                    value = method.Module.ResolveString(BitConverter.ToInt32(il, i + 1));
                }
                catch (ArgumentException)
                {
                }

                if (value is not null)
                {
                    yield return value;
                }
            }
        }
    }

    [GeneratedRegex("'([A-Za-z]+Key)'")]
    private static partial Regex QuotedKey();

    [GeneratedRegex("^[A-Z][A-Za-z]+Key$")]
    private static partial Regex QueryKeyName();
}
