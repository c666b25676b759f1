using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Firmware.TBox.Vehicle
{
    /// <summary>
    /// The vehicle as last read through the PEPS gateway (R3.2): read once per tick and again just
    /// before a remote lock is judged, so the safety gate never acts on an old reading. A bus that
    /// does not answer leaves everything unknown — which is never "safe to immobilise".
    /// </summary>
    public sealed class VehicleSensing
    {
        private readonly IPepsModule _bus;
        private readonly VehicleReading _current = new VehicleReading();

        public VehicleSensing(IPepsModule bus)
        {
            _bus = bus;
        }

        /// <summary>The latest reading (all unknown when the bus did not answer it). Owned by this object: copy what must be kept.</summary>
        public VehicleReading Current
        {
            get { return _current; }
        }

        public void Read()
        {
            if (!_bus.ReadVehicle(_current))
            {
                _current.Clear();
            }
        }
    }
}
