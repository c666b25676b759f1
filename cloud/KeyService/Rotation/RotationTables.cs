using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Rotation;

/// <summary>The rotations' table in a store session: `session.Rotations`.</summary>
public static class RotationTables
{
    extension(IStoreSession session)
    {
        public IRotationTable Rotations => session.Table<IRotationTable>(static sql => new SqlRotationTable(sql));
    }
}
