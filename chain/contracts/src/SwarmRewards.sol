// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

interface IMintable {
    function mint(address to, uint256 amount) external;
}

/// @title SwarmRewards (SPEC §10.3)
/// @notice Holds one rewards root per epoch, submitted by SETTLER_ROLE for
/// epochs 1, 2, 3, ... in order. A root becomes active activationDelay seconds
/// after submission unless GUARDIAN_ROLE disables it first. Earners claim
/// against the newest active root with a StandardMerkleTree proof of
/// (earner, cumulative); a claim pays cumulative - claimed[earner], minted.
///
/// Invariants: claimed[e] only grows; the sum paid out never exceeds the
/// totalCumulative of the root a claim was proven against.
contract SwarmRewards is AccessControl, ReentrancyGuard {
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    struct Root {
        bytes32 root;
        uint256 totalCumulative;
        bytes32 eventsDigest;
        uint64 activatesAt;
        bool disabled;
    }

    IMintable public immutable token;
    uint64 public immutable activationDelay;
    uint64 public lastEpoch;
    uint256 public totalClaimed;

    mapping(uint64 epoch => Root) private _roots;
    mapping(address earner => uint256) public claimed;

    event RootSubmitted(uint64 indexed epoch, bytes32 root, uint256 totalCumulative, bytes32 eventsDigest, uint64 activatesAt);
    event RootDisabled(uint64 indexed epoch);
    event Claimed(address indexed earner, uint256 amount, uint256 cumulative);

    error ZeroAddress();
    error NonConsecutiveEpoch(uint64 expected, uint64 epoch);
    error UnknownEpoch(uint64 epoch);
    error RootAlreadyActive(uint64 epoch, uint64 activatesAt);
    error RootAlreadyDisabled(uint64 epoch);
    error NoActiveRoot();
    error InvalidProof();
    error NothingToClaim(uint256 cumulative, uint256 claimed);
    error ExceedsRootTotal(uint256 totalCumulative, uint256 wouldBePaid);

    /// @dev The deployer becomes admin. The token must grant this contract
    /// its MINTER_ROLE.
    constructor(IMintable token_, uint64 activationDelay_) {
        if (address(token_) == address(0)) revert ZeroAddress();
        token = token_;
        activationDelay = activationDelay_;
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }

    function submitRoot(uint64 epoch, bytes32 root, uint256 totalCumulative, bytes32 eventsDigest)
        external
        onlyRole(SETTLER_ROLE)
    {
        if (epoch != lastEpoch + 1) revert NonConsecutiveEpoch(lastEpoch + 1, epoch);
        uint64 activatesAt = uint64(block.timestamp) + activationDelay;
        _roots[epoch] = Root(root, totalCumulative, eventsDigest, activatesAt, false);
        lastEpoch = epoch;
        emit RootSubmitted(epoch, root, totalCumulative, eventsDigest, activatesAt);
    }

    function disableRoot(uint64 epoch) external onlyRole(GUARDIAN_ROLE) {
        if (epoch == 0 || epoch > lastEpoch) revert UnknownEpoch(epoch);
        Root storage r = _roots[epoch];
        if (r.disabled) revert RootAlreadyDisabled(epoch);
        if (block.timestamp >= r.activatesAt) revert RootAlreadyActive(epoch, r.activatesAt);
        r.disabled = true;
        emit RootDisabled(epoch);
    }

    /// @notice Pays earner (whoever sends the transaction) the part of
    /// cumulative not yet claimed, proven against the newest active root.
    function claim(address earner, uint256 cumulative, bytes32[] calldata proof) external nonReentrant {
        if (earner == address(0)) revert ZeroAddress();
        uint64 epoch = latestActiveEpoch();
        if (epoch == 0) revert NoActiveRoot();
        Root storage r = _roots[epoch];
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(earner, cumulative))));
        if (!MerkleProof.verifyCalldata(proof, r.root, leaf)) revert InvalidProof();
        uint256 already = claimed[earner];
        if (cumulative <= already) revert NothingToClaim(cumulative, already);
        uint256 amount = cumulative - already;
        if (totalClaimed + amount > r.totalCumulative) revert ExceedsRootTotal(r.totalCumulative, totalClaimed + amount);
        claimed[earner] = cumulative;
        totalClaimed += amount;
        emit Claimed(earner, amount, cumulative);
        token.mint(earner, amount);
    }

    // ---- views ----

    function rootOf(uint64 epoch) external view returns (Root memory) {
        return _roots[epoch];
    }

    /// @notice The newest epoch whose root is enabled and active, 0 if none.
    function latestActiveEpoch() public view returns (uint64) {
        for (uint64 e = lastEpoch; e > 0; e--) {
            Root storage r = _roots[e];
            if (!r.disabled && block.timestamp >= r.activatesAt) return e;
        }
        return 0;
    }
}
