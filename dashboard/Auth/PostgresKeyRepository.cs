using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Observatory.Dashboard.Auth;

/// <summary>
/// Data protection's key store in PostgreSQL (migration 0007). Data protection calls it synchronously,
/// and only when it creates a key or loads the ring (start-up and refreshes), never per request.
/// </summary>
public sealed class PostgresKeyRepository(NpgsqlDataSource dataSource, string serviceId) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = dataSource.CreateCommand("SELECT xml FROM dashboard_key_ring WHERE service_id = $1 ORDER BY created_at");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var command = dataSource.CreateCommand(
            "INSERT INTO dashboard_key_ring (service_id, friendly_name, xml) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
