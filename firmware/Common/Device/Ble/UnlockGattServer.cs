using System;
using nanoFramework.Device.Bluetooth;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Unlock;
using ShareKey.Firmware.Device.Platform;

namespace ShareKey.Firmware.Device.Ble
{
    /// <summary>
    /// The BLE GATT server of the unlock path (<see cref="GattUuids"/>): connects nanoFramework's
    /// BluetoothLEServer events to the controller. A connection gets a challenge, a read of the
    /// challenge characteristic a fresh one, a write of the command characteristic its Result
    /// notified and then the next challenge.
    /// </summary>
    /// <remarks>
    /// No RSSI: nanoFramework.Device.Bluetooth 1.1.123 reports no signal strength for a connected
    /// central (RSSI exists only on advertisements a watcher receives, and the stack runs either as
    /// server or as watcher), so nothing feeds the controller's <c>BleSignal</c>. README.md,
    /// "Proximity", says what that means for the unlock path.
    /// Runs on nanoFramework's Bluetooth event thread; a controller exception (a flash failure)
    /// reboots the board rather than leaving the phone without an answer forever.
    /// </remarks>
    public sealed class UnlockGattServer
    {
        private readonly IDeviceLog _log;
        private readonly GattServiceProvider _provider;
        private readonly GattLocalCharacteristic _challenge;
        private readonly GattLocalCharacteristic _result;
        private IBleEndpoint _controller;
        private bool _advertising;

        /// <param name="advertisedName">"SK-" + the configured name; the advertisement's complete local name.</param>
        public UnlockGattServer(string advertisedName, IDeviceLog log)
        {
            _log = log;
            BluetoothLEServer server = BluetoothLEServer.Instance;

            // Set before the advertising parameters exist: their constructor copies the name.
            server.DeviceName = advertisedName;
            GattServiceProviderResult created = GattServiceProvider.Create(GattUuids.Service);
            if (created.Error != BluetoothError.Success)
            {
                throw new InvalidOperationException("BLE service not created: BluetoothError " + ((int)created.Error).ToString());
            }

            _provider = created.ServiceProvider;
            GattLocalService service = _provider.Service;
            _challenge = Characteristic(service, GattUuids.Challenge, GattCharacteristicProperties.Read | GattCharacteristicProperties.Notify);
            GattLocalCharacteristic command = Characteristic(service, GattUuids.Command, GattCharacteristicProperties.Write);
            _result = Characteristic(service, GattUuids.Result, GattCharacteristicProperties.Notify);
            _challenge.ReadRequested += OnChallengeRead;
            command.WriteRequested += OnCommandWritten;
            server.Session.SessionStatusChanged += OnSessionChanged;
        }

        public bool IsAdvertising
        {
            get { return _advertising; }
        }

        /// <summary>The controller to drive; set once, before <see cref="Advertise"/>.</summary>
        public void Start(IBleEndpoint controller)
        {
            _controller = controller;
        }

        /// <summary>
        /// Starts advertising, for good: nanoFramework resumes advertising by itself after each
        /// disconnection, and stopping would take the whole server down. Call it once the board
        /// holds an epoch key; before that no phone has anything to unlock with.
        /// </summary>
        public void Advertise()
        {
            GattServiceProviderAdvertisingParameters parameters = new GattServiceProviderAdvertisingParameters();
            parameters.IsConnectable = true;
            parameters.IsDiscoverable = true;
            _provider.StartAdvertising(parameters);
            _advertising = true;
        }

        private static GattLocalCharacteristic Characteristic(GattLocalService service, Guid uuid, GattCharacteristicProperties properties)
        {
            GattLocalCharacteristicParameters parameters = new GattLocalCharacteristicParameters();
            parameters.CharacteristicProperties = properties;
            GattLocalCharacteristicResult created = service.CreateCharacteristic(uuid, parameters);
            if (created.Error != BluetoothError.Success)
            {
                throw new InvalidOperationException("BLE characteristic not created: BluetoothError " + ((int)created.Error).ToString());
            }

            return created.Characteristic;
        }

        private void OnSessionChanged(object sender, GattSessionStatusChangedEventArgs args)
        {
            try
            {
                if (args.Status == GattSessionStatus.Active)
                {
                    // Notified for a phone already subscribed (reconnecting); a new one reads it instead.
                    Notify(_challenge, _controller.BleConnected());
                }
                else
                {
                    _controller.BleDisconnected();
                }
            }
            catch (Exception error)
            {
                BoardFault.Reboot(_log, "BLE session", error);
            }
        }

        private void OnChallengeRead(GattLocalCharacteristic sender, GattReadRequestedEventArgs args)
        {
            GattReadRequest request = args.GetRequest();
            try
            {
                byte[] challenge = _controller.ReadChallenge();
                if (challenge == null)
                {
                    // No epoch key yet: there is nothing a phone could answer.
                    request.RespondWithProtocolError(GattProtocolError.ReadNotPermitted);
                    return;
                }

                request.RespondWithValue(new Buffer(challenge));
            }
            catch (Exception error)
            {
                BoardFault.Reboot(_log, "BLE challenge", error);
            }
        }

        private void OnCommandWritten(GattLocalCharacteristic sender, GattWriteRequestedEventArgs args)
        {
            GattWriteRequest request = args.GetRequest();
            if (request.Offset != 0)
            {
                // NimBLE reassembles a long write before this runs; a partial value is not a Command.
                request.RespondWithProtocolError(GattProtocolError.InvalidOffset);
                return;
            }

            try
            {
                Buffer value = request.Value;
                byte[] frame = new byte[value.Length];
                DataReader.FromBuffer(value).ReadBytes(frame);
                UnlockOutcome outcome = _controller.BleCommand(frame, 0, frame.Length);
                if (request.Option == GattWriteOption.WriteWithResponse)
                {
                    request.Respond();
                }

                Notify(_result, outcome.ResultFrame);
                Notify(_challenge, _controller.ReadChallenge());
            }
            catch (Exception error)
            {
                BoardFault.Reboot(_log, "BLE command", error);
            }
        }

        private static void Notify(GattLocalCharacteristic characteristic, byte[] frame)
        {
            if (frame != null)
            {
                characteristic.NotifyValue(new Buffer(frame));
            }
        }
    }
}
