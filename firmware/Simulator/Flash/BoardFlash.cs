using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox;

namespace ShareKey.Simulator.Flash;

/// <summary>The four flash records of a T-BOX, in a folder (one file per slot, as on the board) or in memory.</summary>
public sealed class BoardFlash
{
    /// <summary>The name of the configuration file in a board's flash folder, as on the board's drive.</summary>
    public const string ConfigFileName = "sharekey.conf";

    private BoardFlash(IFlashSlots state, IFlashSlots events, IFlashSlots uplinkIds, IFlashSlots vehicle, string? folder)
    {
        State = state;
        Events = events;
        UplinkIds = uplinkIds;
        Vehicle = vehicle;
        Folder = folder;
    }

    public IFlashSlots State { get; }

    public IFlashSlots Events { get; }

    public IFlashSlots UplinkIds { get; }

    public IFlashSlots Vehicle { get; }

    /// <summary>The flash folder; null in memory.</summary>
    public string? Folder { get; }

    public static BoardFlash InMemory() => new(
        new MemorySlots(TBoxParts.StateSlotBytes),
        new MemorySlots(TBoxParts.EventSlotBytes),
        new MemorySlots(TBoxParts.UplinkIdSlotBytes),
        new MemorySlots(TBoxParts.VehicleSlotBytes),
        null);

    /// <summary>Slot files in <paramref name="folder"/> (created if missing), named as the board names its files.</summary>
    public static BoardFlash InFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        return new BoardFlash(
            new FolderFlash(folder, "state", TBoxParts.StateSlotBytes),
            new FolderFlash(folder, "events", TBoxParts.EventSlotBytes),
            new FolderFlash(folder, "uplink", TBoxParts.UplinkIdSlotBytes),
            new FolderFlash(folder, "vehicle", TBoxParts.VehicleSlotBytes),
            folder);
    }
}
