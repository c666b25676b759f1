using System.Data.Common;
using System.Text.Json;
using ShareKey.KeyService.Parking.Maps;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Parking.Garages;

/// <summary>The address, floors and map are stored as JSON text: they are read and written whole, never queried into.</summary>
internal sealed class SqlGarageTable(SqlStoreSession session) : IGarageTable
{
    private const string Columns = "id, name, time_zone, address, floors, map, created_at";

    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);

    public async Task InsertAsync(Garage garage, CancellationToken cancellationToken)
    {
        var inserted = await session.ExecuteAsync(
            $"INSERT INTO garages ({Columns}) VALUES (@id, @name, @time_zone, @address, @floors, @map, @created_at) ON CONFLICT DO NOTHING",
            [
                ("@id", SqlValues.Id(garage.Id)),
                ("@name", garage.Name),
                ("@time_zone", garage.TimeZone),
                ("@address", JsonSerializer.Serialize(garage.Address, Stored)),
                ("@floors", JsonSerializer.Serialize(garage.Floors, Stored)),
                ("@map", garage.Map is null ? null : JsonSerializer.Serialize(garage.Map, Stored)),
                ("@created_at", SqlValues.Time(garage.CreatedAt)),
            ],
            cancellationToken);
        if (inserted == 0)
        {
            throw new StoreConflictException($"A garage with id {garage.Id:x16} or the name '{garage.Name}' exists.");
        }
    }

    public Task<Garage?> GetAsync(ulong id, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM garages WHERE id = @id", [("@id", SqlValues.Id(id))], Read, cancellationToken);

    public Task<Garage?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        session.QuerySingleAsync($"SELECT {Columns} FROM garages WHERE lower(name) = lower(@name)", [("@name", name)], Read, cancellationToken);

    public async Task<IReadOnlyList<Garage>> ListAsync(CancellationToken cancellationToken) =>
        await session.QueryAsync($"SELECT {Columns} FROM garages ORDER BY name, id", [], Read, cancellationToken);

    private static Garage Read(DbDataReader row) => new(
        row.GetId(0),
        row.GetString(1),
        row.GetString(2),
        JsonSerializer.Deserialize<GarageAddress>(row.GetString(3), Stored)!,
        JsonSerializer.Deserialize<List<GarageFloor>>(row.GetString(4), Stored)!,
        row.GetStringOrNull(5) is { } map ? JsonSerializer.Deserialize<GarageMap>(map, Stored) : null,
        row.GetTime(6));
}
