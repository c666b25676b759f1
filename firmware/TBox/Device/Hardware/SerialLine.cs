using System;
using System.IO.Ports;
using nanoFramework.Hardware.Esp32;

namespace ShareKey.TBox.Device.Hardware
{
    /// <summary>
    /// A text request/answer exchange over one ESP32 UART, shared by the PEPS and modem adapters:
    /// write a line, then read lines until one is the answer or the time is up. Bounded by
    /// <c>timeoutMilliseconds</c> because the adapters run with the logic's lock held.
    /// </summary>
    public sealed class SerialLine
    {
        private readonly SerialPort _port;
        private readonly string _requestEnd;

        /// <summary>
        /// Routes the pins to the UART (on the ESP32 any pin can carry any UART, so nanoFramework
        /// wants the mapping before the port opens), then opens it at 8N1.
        /// </summary>
        /// <param name="requestEnd">What ends a request: "\r" for AT commands (ITU-T V.250), "\r\n" elsewhere.</param>
        public SerialLine(string portName, int baudRate, int txPin, DeviceFunction txFunction, int rxPin, DeviceFunction rxFunction, string requestEnd)
        {
            Configuration.SetPinFunction(txPin, txFunction);
            Configuration.SetPinFunction(rxPin, rxFunction);
            _requestEnd = requestEnd;
            _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);

            // Answers are split at LF; a CR before it is trimmed, so "\r\n" and "\n" devices both work.
            _port.NewLine = "\n";
            _port.Open();
        }

        /// <summary>
        /// Sends <paramref name="request"/> and the request end, then returns the first line for which
        /// <paramref name="answer"/> says yes (line ends removed), or null when none came in time.
        /// Bytes left over from an earlier, late answer are discarded first.
        /// </summary>
        public string Ask(string request, AnswerTest answer, int timeoutMilliseconds)
        {
            try
            {
                _port.ReadExisting();
                _port.Write(request + _requestEnd);
                return ReadAnswer(answer, Environment.TickCount64 + timeoutMilliseconds);
            }
            catch (Exception)
            {
                // A UART fault (no line in time, a framing or driver error) is "no answer" to the
                // logic, which asks again later; it must not take the board down.
                return null;
            }
        }

        private string ReadAnswer(AnswerTest answer, long deadline)
        {
            while (true)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return null;
                }

                // ReadLine throws TimeoutException when no full line came within ReadTimeout.
                _port.ReadTimeout = (int)left;
                string line = _port.ReadLine().Trim();
                if (answer(line))
                {
                    return line;
                }
            }
        }
    }
}
