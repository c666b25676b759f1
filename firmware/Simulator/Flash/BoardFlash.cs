using ShareKey.Firmware.Events;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Uplink;

namespace ShareKey.Simulator.Flash;

/// <summary>
/// A board's flash records, in a folder (one file per slot, as on the board) or in memory: the three
/// every board keeps (key state, events, uplink ids) and its own — the T-BOX's vehicle record, the
/// parking lock's barrier record. A record comes into being the first time its board asks for it,
/// so a lock's folder holds no vehicle files.
/// </summary>
public sealed class BoardFlash
{
    /// <summary>The name of the configuration file in a board's flash folder, as on the board's drive.</summary>
    public const string ConfigFileName = "sharekey.conf";

    private readonly Func<string, int, IFlashSlots> _open;
    private readonly Dictionary<string, IFlashSlots> _records = [];

    private BoardFlash(Func<string, int, IFlashSlots> open, string? folder)
    {
        _open = open;
        Folder = folder;
    }

    public IFlashSlots State => Record("state", DurableRecord.Overhead + DeviceKeyState.MaxSavedLength);

    public IFlashSlots Events => Record("events", DurableRecord.Overhead + EventLog.MaxSavedLength);

    public IFlashSlots UplinkIds => Record("uplink", DurableRecord.Overhead + Firmware.Uplink.UplinkIds.SavedLength);

    /// <summary>The T-BOX's binding and immobiliser record.</summary>
    public IFlashSlots Vehicle => Record("vehicle", TBoxParts.VehicleSlotBytes);

    /// <summary>The parking lock's saved barrier target.</summary>
    public IFlashSlots Barrier => Record("barrier", ParkingLockParts.BarrierSlotBytes);

    /// <summary>The flash folder; null in memory.</summary>
    public string? Folder { get; }

    public static BoardFlash InMemory() => new((_, capacity) => new MemorySlots(capacity), null);

    /// <summary>Slot files in <paramref name="folder"/> (created if missing), named as the board names its files.</summary>
    public static BoardFlash InFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        return new BoardFlash((name, capacity) => new FolderFlash(folder, name, capacity), folder);
    }

    private IFlashSlots Record(string name, int capacity)
    {
        lock (_records)
        {
            if (!_records.TryGetValue(name, out IFlashSlots? slots))
            {
                slots = _open(name, capacity);
                _records[name] = slots;
            }

            return slots;
        }
    }
}
