using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Unlock
{
    /// <summary>
    /// The board's say over an authentic command its key permits: a T-BOX under a remote lock holds
    /// back start (remote-locked), a parking lock holds back raising onto a car (space-occupied). A
    /// held-back command is answered with that reason (signed), counts no use and is logged as a
    /// withheld event; the board is asked with its gate held, after the verifier accepted.
    /// </summary>
    public interface ICommandHold
    {
        /// <summary><see cref="RefusalReason.Accepted"/> to carry the command out, otherwise why not now.</summary>
        RefusalReason HoldsBack(CommandCode command);
    }
}
