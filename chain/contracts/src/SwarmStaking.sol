// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title SwarmStaking (SPEC §10.2)
/// @notice Node authorization by providers, stake bonded by stakers behind
/// providers, one unbonding entry per (staker, provider), and slashing by
/// due process (SPEC §6.6): SLASHER_ROLE proposes a slash, it waits
/// slashDelay seconds during which GUARDIAN_ROLE may veto it, then anyone
/// executes it with SPEC §6.5's per-staker floor rule over the stake as it is
/// at execution.
///
/// Invariants:
///  - a node key has at most one provider;
///  - a provider has at most maxStakersPerProvider stakers holding a position
///    (bonded or unbonding > 0), which bounds the gas of executeSlash();
///  - each evidence hash is proposed at most once, and a slash is executed at
///    most once, never after a veto and never before its executableAt;
///  - the contract's token balance equals the sum of all bonded and unbonding
///    amounts (slashed tokens leave for the treasury at once).
contract SwarmStaking is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    bytes32 public constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    uint16 public constant BP_DENOMINATOR = 10000;

    struct Unbonding {
        uint256 amount;
        uint64 releaseAt;
    }

    enum SlashState {
        None,
        Proposed,
        Vetoed,
        Executed
    }

    struct Slash {
        address provider;
        uint16 bp;
        uint64 executableAt;
        SlashState state;
    }

    IERC20 public immutable token;
    uint64 public immutable unbondingPeriod;
    uint32 public immutable maxStakersPerProvider;
    uint64 public immutable slashDelay;
    address public treasury;

    mapping(bytes32 nodeKey => address provider) public providerOf;
    mapping(address staker => mapping(address provider => uint256)) private _bonded;
    mapping(address staker => mapping(address provider => Unbonding)) private _unbonding;
    mapping(address provider => EnumerableSet.AddressSet) private _stakers;
    mapping(bytes32 evidence => Slash) private _slashes;

    event NodeAuthorized(address indexed provider, bytes32 nodeKey);
    event NodeRevoked(address indexed provider, bytes32 nodeKey);
    event Bonded(address indexed staker, address indexed provider, uint256 amount);
    event UnbondRequested(address indexed staker, address indexed provider, uint256 amount, uint64 releaseAt);
    event Withdrawn(address indexed staker, address indexed provider, uint256 amount);
    event SlashProposed(address indexed provider, uint16 bp, bytes32 indexed evidence, uint64 executableAt);
    event SlashVetoed(bytes32 indexed evidence);
    event Slashed(address indexed provider, uint16 bp, bytes32 evidence, uint256 amount);
    event TreasuryChanged(address treasury);

    error ZeroAddress();
    error ZeroAmount();
    error ZeroNodeKey();
    error NodeKeyTaken(bytes32 nodeKey, address provider);
    error NotNodeProvider(bytes32 nodeKey, address provider);
    error TooManyStakers(address provider, uint32 max);
    error InsufficientBonded(uint256 bonded, uint256 requested);
    error NothingToWithdraw();
    error NotReleased(uint64 releaseAt);
    error InvalidBasisPoints(uint16 bp);
    error EvidenceUsed(bytes32 evidence);
    error SlashNotProposed(bytes32 evidence, uint8 state);
    error SlashNotExecutable(bytes32 evidence, uint64 executableAt);

    /// @dev The deployer becomes admin and the initial treasury.
    constructor(IERC20 token_, uint64 unbondingPeriod_, uint32 maxStakersPerProvider_, uint64 slashDelay_) {
        if (address(token_) == address(0)) revert ZeroAddress();
        if (maxStakersPerProvider_ == 0) revert ZeroAmount();
        token = token_;
        unbondingPeriod = unbondingPeriod_;
        maxStakersPerProvider = maxStakersPerProvider_;
        slashDelay = slashDelay_;
        treasury = msg.sender;
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
    }

    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }

    // ---- nodes ----

    function authorizeNode(bytes32 nodeKey) external {
        if (nodeKey == bytes32(0)) revert ZeroNodeKey();
        address current = providerOf[nodeKey];
        if (current != address(0)) revert NodeKeyTaken(nodeKey, current);
        providerOf[nodeKey] = msg.sender;
        emit NodeAuthorized(msg.sender, nodeKey);
    }

    function revokeNode(bytes32 nodeKey) external {
        address current = providerOf[nodeKey];
        if (current != msg.sender) revert NotNodeProvider(nodeKey, current);
        delete providerOf[nodeKey];
        emit NodeRevoked(msg.sender, nodeKey);
    }

    // ---- stake ----

    function bond(address provider, uint256 amount) external nonReentrant {
        if (provider == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        EnumerableSet.AddressSet storage set = _stakers[provider];
        if (!set.contains(msg.sender)) {
            if (set.length() >= maxStakersPerProvider) revert TooManyStakers(provider, maxStakersPerProvider);
            set.add(msg.sender);
        }
        _bonded[msg.sender][provider] += amount;
        emit Bonded(msg.sender, provider, amount);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    function requestUnbond(address provider, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 bonded = _bonded[msg.sender][provider];
        if (bonded < amount) revert InsufficientBonded(bonded, amount);
        _bonded[msg.sender][provider] = bonded - amount;
        Unbonding storage u = _unbonding[msg.sender][provider];
        u.amount += amount;
        u.releaseAt = uint64(block.timestamp) + unbondingPeriod;
        emit UnbondRequested(msg.sender, provider, amount, u.releaseAt);
    }

    function withdraw(address provider) external nonReentrant {
        Unbonding memory u = _unbonding[msg.sender][provider];
        if (u.amount == 0) revert NothingToWithdraw();
        if (block.timestamp < u.releaseAt) revert NotReleased(u.releaseAt);
        delete _unbonding[msg.sender][provider];
        if (_bonded[msg.sender][provider] == 0) _stakers[provider].remove(msg.sender);
        emit Withdrawn(msg.sender, provider, u.amount);
        token.safeTransfer(msg.sender, u.amount);
    }

    // ---- slashing (SPEC §6.5, §6.6) ----

    /// @notice Proposes a slash of provider by bp basis points under a fresh
    /// evidence hash; anyone may execute it from executableAt on unless the
    /// guardian vetoes it first.
    function proposeSlash(address provider, uint16 bp, bytes32 evidence) external onlyRole(SLASHER_ROLE) {
        if (provider == address(0)) revert ZeroAddress();
        if (bp == 0 || bp > BP_DENOMINATOR) revert InvalidBasisPoints(bp);
        if (_slashes[evidence].state != SlashState.None) revert EvidenceUsed(evidence);
        uint64 executableAt = uint64(block.timestamp) + slashDelay;
        _slashes[evidence] = Slash(provider, bp, executableAt, SlashState.Proposed);
        emit SlashProposed(provider, bp, evidence, executableAt);
    }

    /// @notice Vetoes a proposed slash that has not been executed: it can
    /// never be executed.
    function vetoSlash(bytes32 evidence) external onlyRole(GUARDIAN_ROLE) {
        SlashState st = _slashes[evidence].state;
        if (st != SlashState.Proposed) revert SlashNotProposed(evidence, uint8(st));
        _slashes[evidence].state = SlashState.Vetoed;
        emit SlashVetoed(evidence);
    }

    /// @notice Executes a proposed slash once its delay has passed: cuts
    /// every staker of its provider by floor(x * bp / 10000) of both its
    /// bonded and its unbonding amount as they are now; the total goes to the
    /// treasury. Stakers left with nothing leave the provider's staker set.
    /// Anyone may call it.
    function executeSlash(bytes32 evidence) external nonReentrant returns (uint256 total) {
        Slash storage sl = _slashes[evidence];
        if (sl.state != SlashState.Proposed) revert SlashNotProposed(evidence, uint8(sl.state));
        if (block.timestamp < sl.executableAt) revert SlashNotExecutable(evidence, sl.executableAt);
        sl.state = SlashState.Executed;
        address provider = sl.provider;
        uint16 bp = sl.bp;
        EnumerableSet.AddressSet storage set = _stakers[provider];
        // Backwards, so that removing index i only moves an already-visited
        // element into it.
        for (uint256 i = set.length(); i > 0; i--) {
            address staker = set.at(i - 1);
            uint256 b = _bonded[staker][provider];
            uint256 cutB = b * bp / BP_DENOMINATOR;
            Unbonding storage u = _unbonding[staker][provider];
            uint256 cutU = u.amount * bp / BP_DENOMINATOR;
            _bonded[staker][provider] = b - cutB;
            u.amount -= cutU;
            total += cutB + cutU;
            if (b - cutB == 0 && u.amount == 0) {
                delete _unbonding[staker][provider];
                set.remove(staker);
            }
        }
        emit Slashed(provider, bp, evidence, total);
        if (total > 0) token.safeTransfer(treasury, total);
    }

    /// @notice A slash's record; state 0 none, 1 proposed, 2 vetoed, 3 executed.
    function slashOf(bytes32 evidence)
        external
        view
        returns (address provider, uint16 bp, uint64 executableAt, uint8 state)
    {
        Slash memory sl = _slashes[evidence];
        return (sl.provider, sl.bp, sl.executableAt, uint8(sl.state));
    }

    // ---- views ----

    function bondedOf(address staker, address provider) external view returns (uint256) {
        return _bonded[staker][provider];
    }

    function unbondingOf(address staker, address provider) external view returns (uint256 amount, uint64 releaseAt) {
        Unbonding memory u = _unbonding[staker][provider];
        return (u.amount, u.releaseAt);
    }

    function stakersOf(address provider) external view returns (address[] memory) {
        return _stakers[provider].values();
    }
}
