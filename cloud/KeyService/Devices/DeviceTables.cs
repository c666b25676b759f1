using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Devices;

/// <summary>The devices feature's tables in a store session: `session.Devices`, `session.Reports`.</summary>
public static class DeviceTables
{
    extension(IStoreSession session)
    {
        public IDeviceTable Devices => session.Table<IDeviceTable>(static sql => new SqlDeviceTable(sql));

        public IDeviceReportTable Reports => session.Table<IDeviceReportTable>(static sql => new SqlDeviceReportTable(sql));
    }
}
