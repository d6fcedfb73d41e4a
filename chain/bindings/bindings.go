// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// SwarmRewardsRoot is an auto generated low-level Go binding around an user-defined struct.
type SwarmRewardsRoot struct {
	Root            [32]byte
	TotalCumulative *big.Int
	EventsDigest    [32]byte
	ActivatesAt     uint64
	Disabled        bool
}

// SwarmRewardsMetaData contains all meta data concerning the SwarmRewards contract.
var SwarmRewardsMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIMintable\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"activationDelay_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"totalCumulative\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"wouldBePaid\",\"type\":\"uint256\"}],\"name\":\"ExceedsRootTotal\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoActiveRoot\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"NonConsecutiveEpoch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"cumulative\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"claimed\",\"type\":\"uint256\"}],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"activatesAt\",\"type\":\"uint64\"}],\"name\":\"RootAlreadyActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"RootAlreadyDisabled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"UnknownEpoch\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"earner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"cumulative\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"RootDisabled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"totalCumulative\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"eventsDigest\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"activatesAt\",\"type\":\"uint64\"}],\"name\":\"RootSubmitted\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"GUARDIAN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"SETTLER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"activationDelay\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"earner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"cumulative\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"earner\",\"type\":\"address\"}],\"name\":\"claimed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"disableRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastEpoch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"latestActiveEpoch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"}],\"name\":\"rootOf\",\"outputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"totalCumulative\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"eventsDigest\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"activatesAt\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"disabled\",\"type\":\"bool\"}],\"internalType\":\"structSwarmRewards.Root\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"epoch\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"totalCumulative\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"eventsDigest\",\"type\":\"bytes32\"}],\"name\":\"submitRoot\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIMintable\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalClaimed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "SwarmRewards",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161112638038061112683398101604081905261002e9161012e565b600180556001600160a01b0382166100595760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0382166080526001600160401b03811660a05261007d5f33610085565b50505061017c565b5f828152602081815260408083206001600160a01b038516845290915281205460ff16610125575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556100dd3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610128565b505f5b92915050565b5f5f6040838503121561013f575f5ffd5b82516001600160a01b0381168114610155575f5ffd5b60208401519092506001600160401b0381168114610171575f5ffd5b809150509250929050565b60805160a051610f7b6101ab5f395f81816101f701526107d001525f818161033a01526106450152610f7b5ff3fe608060405234801561000f575f5ffd5b506004361061011c575f3560e01c80637445e85c116100a9578063adce3c841161006e578063adce3c84146102e7578063c884ef83146102fa578063d547741f14610319578063d54ad2a11461032c578063fc0c546a14610335575f5ffd5b80637445e85c1461023457806389f6f84b1461025b57806391d148541461026e5780639d7384d914610281578063a217fddf146102e0575f5ffd5b80632f2ff15d116100ef5780632f2ff15d146101ca57806336568abe146101df5780633a8c0786146101f25780633d13f8741461021957806352c44bf11461022c575f5ffd5b806301ffc9a71461012057806306a4c98314610148578063248a9ca31461017357806324ea54f4146101a3575b5f5ffd5b61013361012e366004610d32565b610374565b60405190151581526020015b60405180910390f35b60025461015b906001600160401b031681565b6040516001600160401b03909116815260200161013f565b610195610181366004610d59565b5f9081526020819052604090206001015490565b60405190815260200161013f565b6101957f55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a504181565b6101dd6101d8366004610d8b565b6103aa565b005b6101dd6101ed366004610d8b565b6103d4565b61015b7f000000000000000000000000000000000000000000000000000000000000000081565b6101dd610227366004610db5565b61040c565b61015b6106aa565b6101957f6666bf5bfee463d10a7fc50448047f8a53b7762d7e28fbc5c643182785f3fd3f81565b6101dd610269366004610e4f565b61072d565b61013361027c366004610d8b565b6108f9565b61029461028f366004610e85565b610921565b60405161013f91905f60a0820190508251825260208301516020830152604083015160408301526001600160401b03606084015116606083015260808301511515608083015292915050565b6101955f81565b6101dd6102f5366004610e85565b6109bd565b610195610308366004610e9e565b60056020525f908152604090205481565b6101dd610327366004610d8b565b610b1b565b61019560035481565b61035c7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161013f565b5f6001600160e01b03198216637965db0b60e01b14806103a457506301ffc9a760e01b6001600160e01b03198316145b92915050565b5f828152602081905260409020600101546103c481610b3f565b6103ce8383610b4c565b50505050565b6001600160a01b03811633146103fd5760405163334bd91960e11b815260040160405180910390fd5b6104078282610bdb565b505050565b610414610c44565b6001600160a01b03841661043b5760405163d92e233d60e01b815260040160405180910390fd5b5f6104446106aa565b9050806001600160401b03165f0361046f57604051637a5af78b60e01b815260040160405180910390fd5b6001600160401b0381165f90815260046020908152604080832081516001600160a01b038a1693810193909352908201879052919060600160408051601f19818403018152828252805160209182012090830152016040516020818303038152906040528051906020012090506104eb8585845f015484610c6e565b610508576040516309bde33960e01b815260040160405180910390fd5b6001600160a01b0387165f9081526005602052604090205480871161054f5760405163db2e106360e01b815260048101889052602481018290526044015b60405180910390fd5b5f61055a8289610ecb565b905083600101548160035461056f9190610ede565b11156105aa578360010154816003546105889190610ede565b6040516357de30e760e01b815260048101929092526024820152604401610546565b6001600160a01b0389165f908152600560205260408120899055600380548392906105d6908490610ede565b909155505060408051828152602081018a90526001600160a01b038b16917f987d620f307ff6b94d58743cb7a7509f24071586a77759b77c2d4e29f75a2f9a910160405180910390a26040516340c10f1960e01b81526001600160a01b038a81166004830152602482018390527f000000000000000000000000000000000000000000000000000000000000000016906340c10f19906044015f604051808303815f87803b158015610686575f5ffd5b505af1158015610698573d5f5f3e3d5ffd5b5050505050505050506103ce60018055565b6002545f906001600160401b03165b6001600160401b03811615610726576001600160401b0381165f9081526004602052604090206003810154600160401b900460ff16158015610708575060038101546001600160401b03164210155b156107135750919050565b508061071e81610ef1565b9150506106b9565b505f905090565b7f6666bf5bfee463d10a7fc50448047f8a53b7762d7e28fbc5c643182785f3fd3f61075781610b3f565b60025461076e906001600160401b03166001610f12565b6001600160401b0316856001600160401b0316146107ca5760025461079d906001600160401b03166001610f12565b60405163078f4e8960e21b81526001600160401b0391821660048201529086166024820152604401610546565b5f6107f57f000000000000000000000000000000000000000000000000000000000000000042610f12565b6040805160a08101825287815260208082018881528284018881526001600160401b03808716606086019081525f608087018181528f84168083526004909752908890209651875593516001870155915160028087019190915591516003909501805493511515600160401b0268ffffffffffffffffff19909416959091169490941791909117909255815467ffffffffffffffff191681179091559051919250907f49dcf88a341507f289b41187e8ed8924fc7dc8b3404c2dfbc0e18617606eddb1906108e9908890889088908790938452602084019290925260408301526001600160401b0316606082015260800190565b60405180910390a2505050505050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b6109596040518060a001604052805f81526020015f81526020015f81526020015f6001600160401b031681526020015f151581525090565b506001600160401b039081165f90815260046020908152604091829020825160a081018452815481526001820154928101929092526002810154928201929092526003909101549182166060820152600160401b90910460ff161515608082015290565b7f55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a50416109e781610b3f565b6001600160401b0382161580610a0b57506002546001600160401b03908116908316115b15610a3457604051632938879b60e21b81526001600160401b0383166004820152602401610546565b6001600160401b0382165f9081526004602052604090206003810154600160401b900460ff1615610a835760405163882f7ee960e01b81526001600160401b0384166004820152602401610546565b60038101546001600160401b03164210610ac957600381015460405163779509db60e01b81526001600160401b0380861660048301529091166024820152604401610546565b60038101805468ff00000000000000001916600160401b1790556040516001600160401b038416907ff873f9b597fd0055c9dd374dce36c66becf1cb07985f6eff8e0f85fc3bdac442905f90a2505050565b5f82815260208190526040902060010154610b3581610b3f565b6103ce8383610bdb565b610b498133610c85565b50565b5f610b5783836108f9565b610bd4575f838152602081815260408083206001600160a01b03861684529091529020805460ff19166001179055610b8c3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a45060016103a4565b505f6103a4565b5f610be683836108f9565b15610bd4575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a45060016103a4565b600260015403610c6757604051633ee5aeb560e01b815260040160405180910390fd5b6002600155565b5f82610c7b868685610cc2565b1495945050505050565b610c8f82826108f9565b610cbe5760405163e2517d3f60e01b81526001600160a01b038216600482015260248101839052604401610546565b5050565b5f81815b84811015610cfa57610cf082878784818110610ce457610ce4610f31565b90506020020135610d03565b9150600101610cc6565b50949350505050565b5f818310610d1d575f828152602084905260409020610d2b565b5f8381526020839052604090205b9392505050565b5f60208284031215610d42575f5ffd5b81356001600160e01b031981168114610d2b575f5ffd5b5f60208284031215610d69575f5ffd5b5035919050565b80356001600160a01b0381168114610d86575f5ffd5b919050565b5f5f60408385031215610d9c575f5ffd5b82359150610dac60208401610d70565b90509250929050565b5f5f5f5f60608587031215610dc8575f5ffd5b610dd185610d70565b93506020850135925060408501356001600160401b03811115610df2575f5ffd5b8501601f81018713610e02575f5ffd5b80356001600160401b03811115610e17575f5ffd5b8760208260051b8401011115610e2b575f5ffd5b949793965060200194505050565b80356001600160401b0381168114610d86575f5ffd5b5f5f5f5f60808587031215610e62575f5ffd5b610e6b85610e39565b966020860135965060408601359560600135945092505050565b5f60208284031215610e95575f5ffd5b610d2b82610e39565b5f60208284031215610eae575f5ffd5b610d2b82610d70565b634e487b7160e01b5f52601160045260245ffd5b818103818111156103a4576103a4610eb7565b808201808211156103a4576103a4610eb7565b5f6001600160401b03821680610f0957610f09610eb7565b5f190192915050565b6001600160401b0381811683821601908111156103a4576103a4610eb7565b634e487b7160e01b5f52603260045260245ffdfea26469706673582212206f257300c71e46e2bed45429afb65ea6e7be5eb0635a64b57b5da3ae1a06c2c864736f6c634300081e0033",
}

// SwarmRewards is an auto generated Go binding around an Ethereum contract.
type SwarmRewards struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SwarmRewards) GetABI() abi.ABI {
	return c.abi
}

// NewSwarmRewards creates a new instance of SwarmRewards.
func NewSwarmRewards() *SwarmRewards {
	parsed, err := SwarmRewardsMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SwarmRewards{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SwarmRewards) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_, uint64 activationDelay_) returns()
func (swarmRewards *SwarmRewards) PackConstructor(token_ common.Address, activationDelay_ uint64) []byte {
	enc, err := swarmRewards.abi.Pack("", token_, activationDelay_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) PackDEFAULTADMINROLE() []byte {
	enc, err := swarmRewards.abi.Pack("DEFAULT_ADMIN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return swarmRewards.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := swarmRewards.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGUARDIANROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x24ea54f4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function GUARDIAN_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) PackGUARDIANROLE() []byte {
	enc, err := swarmRewards.abi.Pack("GUARDIAN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGUARDIANROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x24ea54f4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function GUARDIAN_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) TryPackGUARDIANROLE() ([]byte, error) {
	return swarmRewards.abi.Pack("GUARDIAN_ROLE")
}

// UnpackGUARDIANROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x24ea54f4.
//
// Solidity: function GUARDIAN_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) UnpackGUARDIANROLE(data []byte) ([32]byte, error) {
	out, err := swarmRewards.abi.Unpack("GUARDIAN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSETTLERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7445e85c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function SETTLER_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) PackSETTLERROLE() []byte {
	enc, err := swarmRewards.abi.Pack("SETTLER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSETTLERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7445e85c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function SETTLER_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) TryPackSETTLERROLE() ([]byte, error) {
	return swarmRewards.abi.Pack("SETTLER_ROLE")
}

// UnpackSETTLERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7445e85c.
//
// Solidity: function SETTLER_ROLE() view returns(bytes32)
func (swarmRewards *SwarmRewards) UnpackSETTLERROLE(data []byte) ([32]byte, error) {
	out, err := swarmRewards.abi.Unpack("SETTLER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackActivationDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a8c0786.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function activationDelay() view returns(uint64)
func (swarmRewards *SwarmRewards) PackActivationDelay() []byte {
	enc, err := swarmRewards.abi.Pack("activationDelay")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackActivationDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3a8c0786.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function activationDelay() view returns(uint64)
func (swarmRewards *SwarmRewards) TryPackActivationDelay() ([]byte, error) {
	return swarmRewards.abi.Pack("activationDelay")
}

// UnpackActivationDelay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3a8c0786.
//
// Solidity: function activationDelay() view returns(uint64)
func (swarmRewards *SwarmRewards) UnpackActivationDelay(data []byte) (uint64, error) {
	out, err := swarmRewards.abi.Unpack("activationDelay", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d13f874.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(address earner, uint256 cumulative, bytes32[] proof) returns()
func (swarmRewards *SwarmRewards) PackClaim(earner common.Address, cumulative *big.Int, proof [][32]byte) []byte {
	enc, err := swarmRewards.abi.Pack("claim", earner, cumulative, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3d13f874.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(address earner, uint256 cumulative, bytes32[] proof) returns()
func (swarmRewards *SwarmRewards) TryPackClaim(earner common.Address, cumulative *big.Int, proof [][32]byte) ([]byte, error) {
	return swarmRewards.abi.Pack("claim", earner, cumulative, proof)
}

// PackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimed(address earner) view returns(uint256)
func (swarmRewards *SwarmRewards) PackClaimed(earner common.Address) []byte {
	enc, err := swarmRewards.abi.Pack("claimed", earner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc884ef83.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimed(address earner) view returns(uint256)
func (swarmRewards *SwarmRewards) TryPackClaimed(earner common.Address) ([]byte, error) {
	return swarmRewards.abi.Pack("claimed", earner)
}

// UnpackClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc884ef83.
//
// Solidity: function claimed(address earner) view returns(uint256)
func (swarmRewards *SwarmRewards) UnpackClaimed(data []byte) (*big.Int, error) {
	out, err := swarmRewards.abi.Unpack("claimed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDisableRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xadce3c84.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function disableRoot(uint64 epoch) returns()
func (swarmRewards *SwarmRewards) PackDisableRoot(epoch uint64) []byte {
	enc, err := swarmRewards.abi.Pack("disableRoot", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDisableRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xadce3c84.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function disableRoot(uint64 epoch) returns()
func (swarmRewards *SwarmRewards) TryPackDisableRoot(epoch uint64) ([]byte, error) {
	return swarmRewards.abi.Pack("disableRoot", epoch)
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmRewards *SwarmRewards) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := swarmRewards.abi.Pack("getRoleAdmin", role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmRewards *SwarmRewards) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return swarmRewards.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmRewards *SwarmRewards) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := swarmRewards.abi.Unpack("getRoleAdmin", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (swarmRewards *SwarmRewards) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmRewards.abi.Pack("grantRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (swarmRewards *SwarmRewards) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmRewards.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmRewards *SwarmRewards) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmRewards.abi.Pack("hasRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmRewards *SwarmRewards) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmRewards.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmRewards *SwarmRewards) UnpackHasRole(data []byte) (bool, error) {
	out, err := swarmRewards.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLastEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06a4c983.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastEpoch() view returns(uint64)
func (swarmRewards *SwarmRewards) PackLastEpoch() []byte {
	enc, err := swarmRewards.abi.Pack("lastEpoch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06a4c983.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastEpoch() view returns(uint64)
func (swarmRewards *SwarmRewards) TryPackLastEpoch() ([]byte, error) {
	return swarmRewards.abi.Pack("lastEpoch")
}

// UnpackLastEpoch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06a4c983.
//
// Solidity: function lastEpoch() view returns(uint64)
func (swarmRewards *SwarmRewards) UnpackLastEpoch(data []byte) (uint64, error) {
	out, err := swarmRewards.abi.Unpack("lastEpoch", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackLatestActiveEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52c44bf1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latestActiveEpoch() view returns(uint64)
func (swarmRewards *SwarmRewards) PackLatestActiveEpoch() []byte {
	enc, err := swarmRewards.abi.Pack("latestActiveEpoch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatestActiveEpoch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52c44bf1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latestActiveEpoch() view returns(uint64)
func (swarmRewards *SwarmRewards) TryPackLatestActiveEpoch() ([]byte, error) {
	return swarmRewards.abi.Pack("latestActiveEpoch")
}

// UnpackLatestActiveEpoch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52c44bf1.
//
// Solidity: function latestActiveEpoch() view returns(uint64)
func (swarmRewards *SwarmRewards) UnpackLatestActiveEpoch(data []byte) (uint64, error) {
	out, err := swarmRewards.abi.Unpack("latestActiveEpoch", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (swarmRewards *SwarmRewards) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := swarmRewards.abi.Pack("renounceRole", role, callerConfirmation)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (swarmRewards *SwarmRewards) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return swarmRewards.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (swarmRewards *SwarmRewards) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmRewards.abi.Pack("revokeRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (swarmRewards *SwarmRewards) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmRewards.abi.Pack("revokeRole", role, account)
}

// PackRootOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d7384d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rootOf(uint64 epoch) view returns((bytes32,uint256,bytes32,uint64,bool))
func (swarmRewards *SwarmRewards) PackRootOf(epoch uint64) []byte {
	enc, err := swarmRewards.abi.Pack("rootOf", epoch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRootOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d7384d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rootOf(uint64 epoch) view returns((bytes32,uint256,bytes32,uint64,bool))
func (swarmRewards *SwarmRewards) TryPackRootOf(epoch uint64) ([]byte, error) {
	return swarmRewards.abi.Pack("rootOf", epoch)
}

// UnpackRootOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d7384d9.
//
// Solidity: function rootOf(uint64 epoch) view returns((bytes32,uint256,bytes32,uint64,bool))
func (swarmRewards *SwarmRewards) UnpackRootOf(data []byte) (SwarmRewardsRoot, error) {
	out, err := swarmRewards.abi.Unpack("rootOf", data)
	if err != nil {
		return *new(SwarmRewardsRoot), err
	}
	out0 := *abi.ConvertType(out[0], new(SwarmRewardsRoot)).(*SwarmRewardsRoot)
	return out0, nil
}

// PackSubmitRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x89f6f84b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitRoot(uint64 epoch, bytes32 root, uint256 totalCumulative, bytes32 eventsDigest) returns()
func (swarmRewards *SwarmRewards) PackSubmitRoot(epoch uint64, root [32]byte, totalCumulative *big.Int, eventsDigest [32]byte) []byte {
	enc, err := swarmRewards.abi.Pack("submitRoot", epoch, root, totalCumulative, eventsDigest)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x89f6f84b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitRoot(uint64 epoch, bytes32 root, uint256 totalCumulative, bytes32 eventsDigest) returns()
func (swarmRewards *SwarmRewards) TryPackSubmitRoot(epoch uint64, root [32]byte, totalCumulative *big.Int, eventsDigest [32]byte) ([]byte, error) {
	return swarmRewards.abi.Pack("submitRoot", epoch, root, totalCumulative, eventsDigest)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmRewards *SwarmRewards) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := swarmRewards.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmRewards *SwarmRewards) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return swarmRewards.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmRewards *SwarmRewards) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := swarmRewards.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (swarmRewards *SwarmRewards) PackToken() []byte {
	enc, err := swarmRewards.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (swarmRewards *SwarmRewards) TryPackToken() ([]byte, error) {
	return swarmRewards.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (swarmRewards *SwarmRewards) UnpackToken(data []byte) (common.Address, error) {
	out, err := swarmRewards.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTotalClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd54ad2a1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalClaimed() view returns(uint256)
func (swarmRewards *SwarmRewards) PackTotalClaimed() []byte {
	enc, err := swarmRewards.abi.Pack("totalClaimed")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd54ad2a1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalClaimed() view returns(uint256)
func (swarmRewards *SwarmRewards) TryPackTotalClaimed() ([]byte, error) {
	return swarmRewards.abi.Pack("totalClaimed")
}

// UnpackTotalClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd54ad2a1.
//
// Solidity: function totalClaimed() view returns(uint256)
func (swarmRewards *SwarmRewards) UnpackTotalClaimed(data []byte) (*big.Int, error) {
	out, err := swarmRewards.abi.Unpack("totalClaimed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// SwarmRewardsClaimed represents a Claimed event raised by the SwarmRewards contract.
type SwarmRewardsClaimed struct {
	Earner     common.Address
	Amount     *big.Int
	Cumulative *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const SwarmRewardsClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (SwarmRewardsClaimed) ContractEventName() string {
	return SwarmRewardsClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed earner, uint256 amount, uint256 cumulative)
func (swarmRewards *SwarmRewards) UnpackClaimedEvent(log *types.Log) (*SwarmRewardsClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmRewards.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmRewardsClaimed)
	if len(log.Data) > 0 {
		if err := swarmRewards.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmRewards.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmRewardsRoleAdminChanged represents a RoleAdminChanged event raised by the SwarmRewards contract.
type SwarmRewardsRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const SwarmRewardsRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (SwarmRewardsRoleAdminChanged) ContractEventName() string {
	return SwarmRewardsRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (swarmRewards *SwarmRewards) UnpackRoleAdminChangedEvent(log *types.Log) (*SwarmRewardsRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmRewards.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmRewardsRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := swarmRewards.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmRewards.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmRewardsRoleGranted represents a RoleGranted event raised by the SwarmRewards contract.
type SwarmRewardsRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmRewardsRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (SwarmRewardsRoleGranted) ContractEventName() string {
	return SwarmRewardsRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (swarmRewards *SwarmRewards) UnpackRoleGrantedEvent(log *types.Log) (*SwarmRewardsRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmRewards.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmRewardsRoleGranted)
	if len(log.Data) > 0 {
		if err := swarmRewards.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmRewards.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmRewardsRoleRevoked represents a RoleRevoked event raised by the SwarmRewards contract.
type SwarmRewardsRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmRewardsRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (SwarmRewardsRoleRevoked) ContractEventName() string {
	return SwarmRewardsRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (swarmRewards *SwarmRewards) UnpackRoleRevokedEvent(log *types.Log) (*SwarmRewardsRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmRewards.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmRewardsRoleRevoked)
	if len(log.Data) > 0 {
		if err := swarmRewards.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmRewards.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmRewardsRootDisabled represents a RootDisabled event raised by the SwarmRewards contract.
type SwarmRewardsRootDisabled struct {
	Epoch uint64
	Raw   *types.Log // Blockchain specific contextual infos
}

const SwarmRewardsRootDisabledEventName = "RootDisabled"

// ContractEventName returns the user-defined event name.
func (SwarmRewardsRootDisabled) ContractEventName() string {
	return SwarmRewardsRootDisabledEventName
}

// UnpackRootDisabledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootDisabled(uint64 indexed epoch)
func (swarmRewards *SwarmRewards) UnpackRootDisabledEvent(log *types.Log) (*SwarmRewardsRootDisabled, error) {
	event := "RootDisabled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmRewards.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmRewardsRootDisabled)
	if len(log.Data) > 0 {
		if err := swarmRewards.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmRewards.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmRewardsRootSubmitted represents a RootSubmitted event raised by the SwarmRewards contract.
type SwarmRewardsRootSubmitted struct {
	Epoch           uint64
	Root            [32]byte
	TotalCumulative *big.Int
	EventsDigest    [32]byte
	ActivatesAt     uint64
	Raw             *types.Log // Blockchain specific contextual infos
}

const SwarmRewardsRootSubmittedEventName = "RootSubmitted"

// ContractEventName returns the user-defined event name.
func (SwarmRewardsRootSubmitted) ContractEventName() string {
	return SwarmRewardsRootSubmittedEventName
}

// UnpackRootSubmittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RootSubmitted(uint64 indexed epoch, bytes32 root, uint256 totalCumulative, bytes32 eventsDigest, uint64 activatesAt)
func (swarmRewards *SwarmRewards) UnpackRootSubmittedEvent(log *types.Log) (*SwarmRewardsRootSubmitted, error) {
	event := "RootSubmitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmRewards.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmRewardsRootSubmitted)
	if len(log.Data) > 0 {
		if err := swarmRewards.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmRewards.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (swarmRewards *SwarmRewards) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["ExceedsRootTotal"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackExceedsRootTotalError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["NoActiveRoot"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackNoActiveRootError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["NonConsecutiveEpoch"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackNonConsecutiveEpochError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["RootAlreadyActive"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackRootAlreadyActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["RootAlreadyDisabled"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackRootAlreadyDisabledError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["UnknownEpoch"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackUnknownEpochError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmRewards.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return swarmRewards.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SwarmRewardsAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the SwarmRewards contract.
type SwarmRewardsAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func SwarmRewardsAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (swarmRewards *SwarmRewards) UnpackAccessControlBadConfirmationError(raw []byte) (*SwarmRewardsAccessControlBadConfirmation, error) {
	out := new(SwarmRewardsAccessControlBadConfirmation)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the SwarmRewards contract.
type SwarmRewardsAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func SwarmRewardsAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (swarmRewards *SwarmRewards) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*SwarmRewardsAccessControlUnauthorizedAccount, error) {
	out := new(SwarmRewardsAccessControlUnauthorizedAccount)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsExceedsRootTotal represents a ExceedsRootTotal error raised by the SwarmRewards contract.
type SwarmRewardsExceedsRootTotal struct {
	TotalCumulative *big.Int
	WouldBePaid     *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExceedsRootTotal(uint256 totalCumulative, uint256 wouldBePaid)
func SwarmRewardsExceedsRootTotalErrorID() common.Hash {
	return common.HexToHash("0x57de30e7c12096ee0d4b1325eab0b605ef306bba95c3f9da69d7954ec4014257")
}

// UnpackExceedsRootTotalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExceedsRootTotal(uint256 totalCumulative, uint256 wouldBePaid)
func (swarmRewards *SwarmRewards) UnpackExceedsRootTotalError(raw []byte) (*SwarmRewardsExceedsRootTotal, error) {
	out := new(SwarmRewardsExceedsRootTotal)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "ExceedsRootTotal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsInvalidProof represents a InvalidProof error raised by the SwarmRewards contract.
type SwarmRewardsInvalidProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof()
func SwarmRewardsInvalidProofErrorID() common.Hash {
	return common.HexToHash("0x09bde339c6b182be216ee7ef8ccff6338c6ef7993445216112ae575c5438fd27")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof()
func (swarmRewards *SwarmRewards) UnpackInvalidProofError(raw []byte) (*SwarmRewardsInvalidProof, error) {
	out := new(SwarmRewardsInvalidProof)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsNoActiveRoot represents a NoActiveRoot error raised by the SwarmRewards contract.
type SwarmRewardsNoActiveRoot struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoActiveRoot()
func SwarmRewardsNoActiveRootErrorID() common.Hash {
	return common.HexToHash("0x7a5af78b574d98183544ad6eeee6048bbaeb93d96b09a70a315961595a21033b")
}

// UnpackNoActiveRootError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoActiveRoot()
func (swarmRewards *SwarmRewards) UnpackNoActiveRootError(raw []byte) (*SwarmRewardsNoActiveRoot, error) {
	out := new(SwarmRewardsNoActiveRoot)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "NoActiveRoot", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsNonConsecutiveEpoch represents a NonConsecutiveEpoch error raised by the SwarmRewards contract.
type SwarmRewardsNonConsecutiveEpoch struct {
	Expected uint64
	Epoch    uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NonConsecutiveEpoch(uint64 expected, uint64 epoch)
func SwarmRewardsNonConsecutiveEpochErrorID() common.Hash {
	return common.HexToHash("0x1e3d3a245e12f2d33868fc0acbfb809622cc442f13afef3ae5da623ea49e8684")
}

// UnpackNonConsecutiveEpochError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NonConsecutiveEpoch(uint64 expected, uint64 epoch)
func (swarmRewards *SwarmRewards) UnpackNonConsecutiveEpochError(raw []byte) (*SwarmRewardsNonConsecutiveEpoch, error) {
	out := new(SwarmRewardsNonConsecutiveEpoch)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "NonConsecutiveEpoch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsNothingToClaim represents a NothingToClaim error raised by the SwarmRewards contract.
type SwarmRewardsNothingToClaim struct {
	Cumulative *big.Int
	Claimed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim(uint256 cumulative, uint256 claimed)
func SwarmRewardsNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0xdb2e10631d2ee9e0602c2e26b86d79587d1b8bf71115b9c2ddeb9d165f8215a4")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim(uint256 cumulative, uint256 claimed)
func (swarmRewards *SwarmRewards) UnpackNothingToClaimError(raw []byte) (*SwarmRewardsNothingToClaim, error) {
	out := new(SwarmRewardsNothingToClaim)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the SwarmRewards contract.
type SwarmRewardsReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func SwarmRewardsReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (swarmRewards *SwarmRewards) UnpackReentrancyGuardReentrantCallError(raw []byte) (*SwarmRewardsReentrancyGuardReentrantCall, error) {
	out := new(SwarmRewardsReentrancyGuardReentrantCall)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsRootAlreadyActive represents a RootAlreadyActive error raised by the SwarmRewards contract.
type SwarmRewardsRootAlreadyActive struct {
	Epoch       uint64
	ActivatesAt uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootAlreadyActive(uint64 epoch, uint64 activatesAt)
func SwarmRewardsRootAlreadyActiveErrorID() common.Hash {
	return common.HexToHash("0x779509db404742dbd100264f77a112a7271e5eade08fe4b7f6340cafa6b6465e")
}

// UnpackRootAlreadyActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootAlreadyActive(uint64 epoch, uint64 activatesAt)
func (swarmRewards *SwarmRewards) UnpackRootAlreadyActiveError(raw []byte) (*SwarmRewardsRootAlreadyActive, error) {
	out := new(SwarmRewardsRootAlreadyActive)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "RootAlreadyActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsRootAlreadyDisabled represents a RootAlreadyDisabled error raised by the SwarmRewards contract.
type SwarmRewardsRootAlreadyDisabled struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootAlreadyDisabled(uint64 epoch)
func SwarmRewardsRootAlreadyDisabledErrorID() common.Hash {
	return common.HexToHash("0x882f7ee9890b3bf09f4ddb0bbc48748d9927143868b5d66e5d21b412c0f1ebbd")
}

// UnpackRootAlreadyDisabledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootAlreadyDisabled(uint64 epoch)
func (swarmRewards *SwarmRewards) UnpackRootAlreadyDisabledError(raw []byte) (*SwarmRewardsRootAlreadyDisabled, error) {
	out := new(SwarmRewardsRootAlreadyDisabled)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "RootAlreadyDisabled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsUnknownEpoch represents a UnknownEpoch error raised by the SwarmRewards contract.
type SwarmRewardsUnknownEpoch struct {
	Epoch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownEpoch(uint64 epoch)
func SwarmRewardsUnknownEpochErrorID() common.Hash {
	return common.HexToHash("0xa4e21e6c8f881eff51b5764f98a67304231c1cb1ba8af636f941098552d2bd6c")
}

// UnpackUnknownEpochError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownEpoch(uint64 epoch)
func (swarmRewards *SwarmRewards) UnpackUnknownEpochError(raw []byte) (*SwarmRewardsUnknownEpoch, error) {
	out := new(SwarmRewardsUnknownEpoch)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "UnknownEpoch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmRewardsZeroAddress represents a ZeroAddress error raised by the SwarmRewards contract.
type SwarmRewardsZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func SwarmRewardsZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (swarmRewards *SwarmRewards) UnpackZeroAddressError(raw []byte) (*SwarmRewardsZeroAddress, error) {
	out := new(SwarmRewardsZeroAddress)
	if err := swarmRewards.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingMetaData contains all meta data concerning the SwarmStaking contract.
var SwarmStakingMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"unbondingPeriod_\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"maxStakersPerProvider_\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"slashDelay_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"}],\"name\":\"EvidenceUsed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"bonded\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"requested\",\"type\":\"uint256\"}],\"name\":\"InsufficientBonded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint16\",\"name\":\"bp\",\"type\":\"uint16\"}],\"name\":\"InvalidBasisPoints\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"NodeKeyTaken\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"NotNodeProvider\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"releaseAt\",\"type\":\"uint64\"}],\"name\":\"NotReleased\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToWithdraw\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"executableAt\",\"type\":\"uint64\"}],\"name\":\"SlashNotExecutable\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"state\",\"type\":\"uint8\"}],\"name\":\"SlashNotProposed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"max\",\"type\":\"uint32\"}],\"name\":\"TooManyStakers\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroNodeKey\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"staker\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Bonded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"}],\"name\":\"NodeAuthorized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"}],\"name\":\"NodeRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint16\",\"name\":\"bp\",\"type\":\"uint16\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"executableAt\",\"type\":\"uint64\"}],\"name\":\"SlashProposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"}],\"name\":\"SlashVetoed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint16\",\"name\":\"bp\",\"type\":\"uint16\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Slashed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"treasury\",\"type\":\"address\"}],\"name\":\"TreasuryChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"staker\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"releaseAt\",\"type\":\"uint64\"}],\"name\":\"UnbondRequested\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"staker\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BP_DENOMINATOR\",\"outputs\":[{\"internalType\":\"uint16\",\"name\":\"\",\"type\":\"uint16\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"GUARDIAN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"SLASHER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"}],\"name\":\"authorizeNode\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"bond\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"staker\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"bondedOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"}],\"name\":\"executeSlash\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"maxStakersPerProvider\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"uint16\",\"name\":\"bp\",\"type\":\"uint16\"},{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"}],\"name\":\"proposeSlash\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"}],\"name\":\"providerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"requestUnbond\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"nodeKey\",\"type\":\"bytes32\"}],\"name\":\"revokeNode\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"treasury_\",\"type\":\"address\"}],\"name\":\"setTreasury\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slashDelay\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"}],\"name\":\"slashOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"uint16\",\"name\":\"bp\",\"type\":\"uint16\"},{\"internalType\":\"uint64\",\"name\":\"executableAt\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"state\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"stakersOf\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treasury\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"staker\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"unbondingOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"releaseAt\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unbondingPeriod\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"evidence\",\"type\":\"bytes32\"}],\"name\":\"vetoSlash\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "SwarmStaking",
	Bin: "0x610100604052348015610010575f5ffd5b50604051611e08380380611e0883398101604081905261002f91610198565b600180556001600160a01b03841661005a5760405163d92e233d60e01b815260040160405180910390fd5b8163ffffffff165f0361008057604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b0384166080526001600160401b0380841660a05263ffffffff831660c052811660e052600280546001600160a01b031916339081179091556100ca905f906100d4565b5050505050610200565b5f828152602081815260408083206001600160a01b038516845290915281205460ff16610174575f838152602081815260408083206001600160a01b03861684529091529020805460ff1916600117905561012c3390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610177565b505f5b92915050565b80516001600160401b0381168114610193575f5ffd5b919050565b5f5f5f5f608085870312156101ab575f5ffd5b84516001600160a01b03811681146101c1575f5ffd5b93506101cf6020860161017d565b9250604085015163ffffffff811681146101e7575f5ffd5b91506101f56060860161017d565b905092959194509250565b60805160a05160c05160e051611ba46102645f395f81816104eb0152610bbe01525f818161051201528181610dd30152610e2901525f81816103c60152610a4501525f81816105a7015281816107d901528181610ee601526112180152611ba45ff3fe608060405234801561000f575f5ffd5b50600436106101c6575f3560e01c806379b134d5116100fe578063bdd10c9d1161009e578063edc7da1e1161006e578063edc7da1e1461055c578063f0f442601461056f578063fa3a463d14610582578063fc0c546a146105a2575f5ffd5b8063bdd10c9d14610495578063c6f3d11f146104e6578063caf627bd1461050d578063d547741f14610549575f5ffd5b8063a217fddf116100d9578063a217fddf1461044c578063a515366a14610453578063abe685cd14610466578063b850cdf714610482575f5ffd5b806379b134d5146104135780638f1f61e71461042657806391d1485414610439575f5ffd5b806351cff8d91161016957806361d027b31161014457806361d027b31461039b57806368d220f7146103ae5780636cf6d675146103c15780636d7a40c814610400575f5ffd5b806351cff8d9146102d05780635fcba866146102e3578063606d383d14610323575f5ffd5b80632f2ff15d116101a45780632f2ff15d1461024957806334d775ec1461025e57806336568abe146102965780635095af64146102a9575f5ffd5b806301ffc9a7146101ca578063248a9ca3146101f257806324ea54f414610222575b5f5ffd5b6101dd6101d836600461191a565b6105c9565b60405190151581526020015b60405180910390f35b610214610200366004611941565b5f9081526020819052604090206001015490565b6040519081526020016101e9565b6102147f55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a504181565b61025c61025736600461196e565b6105ff565b005b61021461026c366004611998565b6001600160a01b039182165f90815260046020908152604080832093909416825291909152205490565b61025c6102a436600461196e565b610629565b6102147f12b42e8a160f6064dc959c6f251e3af0750ad213dbecf573b4710d67d6c28e3981565b61025c6102de3660046119c0565b610661565b61030b6102f1366004611941565b60036020525f90815260409020546001600160a01b031681565b6040516001600160a01b0390911681526020016101e9565b61037e610331366004611998565b6001600160a01b039182165f908152600560209081526040808320939094168252918252829020825180840190935280548084526001909101546001600160401b03169290910182905291565b604080519283526001600160401b039091166020830152016101e9565b60025461030b906001600160a01b031681565b61025c6103bc366004611941565b61080e565b6103e87f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160401b0390911681526020016101e9565b61025c61040e366004611941565b6108d3565b61025c6104213660046119d9565b61096b565b61025c610434366004611a01565b610ae2565b6101dd61044736600461196e565b610d35565b6102145f81565b61025c6104613660046119d9565b610d5d565b61046f61271081565b60405161ffff90911681526020016101e9565b610214610490366004611941565b610f18565b6104a86104a3366004611941565b611253565b604080516001600160a01b03909516855261ffff90931660208501526001600160401b039091169183019190915260ff1660608201526080016101e9565b6103e87f000000000000000000000000000000000000000000000000000000000000000081565b6105347f000000000000000000000000000000000000000000000000000000000000000081565b60405163ffffffff90911681526020016101e9565b61025c61055736600461196e565b611315565b61025c61056a366004611941565b611339565b61025c61057d3660046119c0565b6113f1565b6105956105903660046119c0565b611477565b6040516101e99190611a43565b61030b7f000000000000000000000000000000000000000000000000000000000000000081565b5f6001600160e01b03198216637965db0b60e01b14806105f957506301ffc9a760e01b6001600160e01b03198316145b92915050565b5f828152602081905260409020600101546106198161149a565b61062383836114a4565b50505050565b6001600160a01b03811633146106525760405163334bd91960e11b815260040160405180910390fd5b61065c8282611533565b505050565b61066961159c565b335f9081526005602090815260408083206001600160a01b03851684528252808320815180830190925280548083526001909101546001600160401b03169282019290925291036106cd57604051630686827b60e51b815260040160405180910390fd5b80602001516001600160401b031642101561071157602081015160405163300e23c160e21b81526001600160401b0390911660048201526024015b60405180910390fd5b335f8181526005602090815260408083206001600160a01b038716808552908352818420848155600101805467ffffffffffffffff1916905593835260048252808320938352929052908120549003610787576001600160a01b0382165f90815260066020526040902061078590336115c6565b505b80516040519081526001600160a01b0383169033907fd1c19fbcd4551a5edfb66d43d2e337c04837afda3482b42bdf569a8fccdae5fb9060200160405180910390a38051610801906001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169033906115e1565b5061080b60018055565b50565b8061082c576040516307fa36a160e21b815260040160405180910390fd5b5f818152600360205260409020546001600160a01b0316801561087457604051633c5795f560e01b8152600481018390526001600160a01b0382166024820152604401610708565b5f828152600360205260409081902080546001600160a01b0319163390811790915590517fb22d4b79c9c7fd1bbf9eb6dd836eb4fc30373dd0becb986dcbe6f858c8b610d4906108c79085815260200190565b60405180910390a25050565b5f818152600360205260409020546001600160a01b031633811461091c576040516313565b0360e31b8152600481018390526001600160a01b0382166024820152604401610708565b5f828152600360205260409081902080546001600160a01b03191690555133907f320b041acc04ec0baa34beb599ad0938abd89ef2c3718b821311433549da8cda906108c79085815260200190565b61097361159c565b805f0361099357604051631f2a200560e01b815260040160405180910390fd5b335f9081526004602090815260408083206001600160a01b0386168452909152902054818110156109e157604051633cf5c65560e21b81526004810182905260248101839052604401610708565b6109eb8282611aa2565b335f8181526004602090815260408083206001600160a01b0389168085529083528184209590955592825260058152828220938252929092528120805490918491839190610a3a908490611ab5565b90915550610a6a90507f000000000000000000000000000000000000000000000000000000000000000042611ac8565b60018201805467ffffffffffffffff19166001600160401b039290921691821790556040805185815260208101929092526001600160a01b0386169133917ff32a427883796db0b4826fe6a1d93b7935d29b9b7b871f490037a6200f6cf475910160405180910390a35050610ade60018055565b5050565b7f12b42e8a160f6064dc959c6f251e3af0750ad213dbecf573b4710d67d6c28e39610b0c8161149a565b6001600160a01b038416610b335760405163d92e233d60e01b815260040160405180910390fd5b61ffff83161580610b49575061271061ffff8416115b15610b6d57604051633835d3bd60e21b815261ffff84166004820152602401610708565b5f5f83815260076020526040902054600160f01b900460ff166003811115610b9757610b97611ae7565b14610bb8576040516310841bd360e21b815260048101839052602401610708565b5f610be37f000000000000000000000000000000000000000000000000000000000000000042611ac8565b90506040518060800160405280866001600160a01b031681526020018561ffff168152602001826001600160401b0316815260200160016003811115610c2b57610c2b611ae7565b90525f848152600760209081526040918290208351815492850151938501516001600160401b0316600160b01b0267ffffffffffffffff60b01b1961ffff909516600160a01b026001600160b01b03199094166001600160a01b03909216919091179290921792831682178155606084015190929091839160ff60f01b1990911668ffffffffffffffffff60b01b1990911617600160f01b836003811115610cd557610cd5611ae7565b0217905550506040805161ffff871681526001600160401b03841660208201528592506001600160a01b038816917f44e9e164734cebcfd618795e6d807607cbba07329197e16b5d18ae9d533f396b910160405180910390a35050505050565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b610d6561159c565b6001600160a01b038216610d8c5760405163d92e233d60e01b815260040160405180910390fd5b805f03610dac57604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b0382165f908152600660205260409020610dcd8133611640565b610e62577f000000000000000000000000000000000000000000000000000000000000000063ffffffff16610e0182611661565b10610e565760405163157a0f5b60e01b81526001600160a01b038416600482015263ffffffff7f0000000000000000000000000000000000000000000000000000000000000000166024820152604401610708565b610e60813361166a565b505b335f9081526004602090815260408083206001600160a01b038716845290915281208054849290610e94908490611ab5565b90915550506040518281526001600160a01b0384169033907f0fda1524f765ccc8812ff5857b161363b93a60efaaf4516a9455c7621799f8db9060200160405180910390a3610f0e6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001633308561167e565b50610ade60018055565b5f610f2161159c565b5f82815260076020526040902060018154600160f01b900460ff166003811115610f4d57610f4d611ae7565b14610f965780548390600160f01b900460ff166003811115610f7157610f71611ae7565b604051631420144360e01b8152600481019290925260ff166024820152604401610708565b8054600160b01b90046001600160401b0316421015610fe3578054604051634c5ecb9960e01b815260048101859052600160b01b9091046001600160401b03166024820152604401610708565b805460ff60f01b198116600360f01b178083556001600160a01b039091165f8181526006602052604081209192600160a01b900461ffff16919061102682611661565b90505b80156111b0575f61104561103e600184611aa2565b84906116b7565b6001600160a01b038082165f908152600460209081526040808320938a1683529290529081205491925061271061108061ffff881684611afb565b61108a9190611b12565b6001600160a01b038085165f908152600560209081526040808320938c168352929052908120805492935091612710906110c99061ffff8b1690611afb565b6110d39190611b12565b90506110df8385611aa2565b6001600160a01b038087165f908152600460209081526040808320938e1683529290529081209190915582548291849161111a908490611aa2565b9091555061112a90508184611ab5565b611134908c611ab5565b9a506111408385611aa2565b15801561114c57508154155b15611198576001600160a01b038086165f908152600560209081526040808320938d168352929052908120908155600101805467ffffffffffffffff1916905561119687866115c6565b505b505050505080806111a890611b31565b915050611029565b506040805161ffff84168152602081018890529081018690526001600160a01b038416907f93f06df26a40a4732755bdb3fd4e998db0cedc8dc22d0252c7b99fd2c366169a9060600160405180910390a2841561124157600254611241906001600160a01b037f000000000000000000000000000000000000000000000000000000000000000081169116876115e1565b5050505061124e60018055565b919050565b5f818152600760209081526040808320815160808101835281546001600160a01b0381168252600160a01b810461ffff1694820194909452600160b01b84046001600160401b03169281019290925283928392839283926060830190600160f01b900460ff1660038111156112ca576112ca611ae7565b60038111156112db576112db611ae7565b815250509050805f0151816020015182604001518360600151600381111561130557611305611ae7565b9450945094509450509193509193565b5f8281526020819052604090206001015461132f8161149a565b6106238383611533565b7f55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a50416113638161149a565b5f82815260076020526040902054600160f01b900460ff16600181600381111561138f5761138f611ae7565b146113a75782816003811115610f7157610f71611ae7565b5f83815260076020526040808220805460ff60f01b1916600160f11b1790555184917f48bfe2f9431f011451c58243422b9fb9fc3395e5dd51de7f9317a536a7003e9b91a2505050565b5f6113fb8161149a565b6001600160a01b0382166114225760405163d92e233d60e01b815260040160405180910390fd5b600280546001600160a01b0319166001600160a01b0384169081179091556040519081527fc714d22a2f08b695f81e7c707058db484aa5b4d6b4c9fd64beb10fe85832f6089060200160405180910390a15050565b6001600160a01b0381165f9081526006602052604090206060906105f9906116c2565b61080b81336116ce565b5f6114af8383610d35565b61152c575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556114e43390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a45060016105f9565b505f6105f9565b5f61153e8383610d35565b1561152c575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a45060016105f9565b6002600154036115bf57604051633ee5aeb560e01b815260040160405180910390fd5b6002600155565b5f6115da836001600160a01b038416611707565b9392505050565b6040516001600160a01b0383811660248301526044820183905261065c91859182169063a9059cbb906064015b604051602081830303815290604052915060e01b6020820180516001600160e01b0383818316178352505050506117ea565b6001600160a01b0381165f90815260018301602052604081205415156115da565b5f6105f9825490565b5f6115da836001600160a01b038416611856565b6040516001600160a01b0384811660248301528381166044830152606482018390526106239186918216906323b872dd9060840161160e565b5f6115da838361189b565b60605f6115da836118c1565b6116d88282610d35565b610ade5760405163e2517d3f60e01b81526001600160a01b038216600482015260248101839052604401610708565b5f81815260018301602052604081205480156117e1575f611729600183611aa2565b85549091505f9061173c90600190611aa2565b905080821461179b575f865f01828154811061175a5761175a611b46565b905f5260205f200154905080875f01848154811061177a5761177a611b46565b5f918252602080832090910192909255918252600188019052604090208390555b85548690806117ac576117ac611b5a565b600190038181905f5260205f20015f90559055856001015f8681526020019081526020015f205f9055600193505050506105f9565b5f9150506105f9565b5f5f60205f8451602086015f885af180611809576040513d5f823e3d81fd5b50505f513d9150811561182057806001141561182d565b6001600160a01b0384163b155b1561062357604051635274afe760e01b81526001600160a01b0385166004820152602401610708565b5f81815260018301602052604081205461152c57508154600181810184555f8481526020808220909301849055845484825282860190935260409020919091556105f9565b5f825f0182815481106118b0576118b0611b46565b905f5260205f200154905092915050565b6060815f0180548060200260200160405190810160405280929190818152602001828054801561190e57602002820191905f5260205f20905b8154815260200190600101908083116118fa575b50505050509050919050565b5f6020828403121561192a575f5ffd5b81356001600160e01b0319811681146115da575f5ffd5b5f60208284031215611951575f5ffd5b5035919050565b80356001600160a01b038116811461124e575f5ffd5b5f5f6040838503121561197f575f5ffd5b8235915061198f60208401611958565b90509250929050565b5f5f604083850312156119a9575f5ffd5b6119b283611958565b915061198f60208401611958565b5f602082840312156119d0575f5ffd5b6115da82611958565b5f5f604083850312156119ea575f5ffd5b6119f383611958565b946020939093013593505050565b5f5f5f60608486031215611a13575f5ffd5b611a1c84611958565b9250602084013561ffff81168114611a32575f5ffd5b929592945050506040919091013590565b602080825282518282018190525f918401906040840190835b81811015611a835783516001600160a01b0316835260209384019390920191600101611a5c565b509095945050505050565b634e487b7160e01b5f52601160045260245ffd5b818103818111156105f9576105f9611a8e565b808201808211156105f9576105f9611a8e565b6001600160401b0381811683821601908111156105f9576105f9611a8e565b634e487b7160e01b5f52602160045260245ffd5b80820281158282048414176105f9576105f9611a8e565b5f82611b2c57634e487b7160e01b5f52601260045260245ffd5b500490565b5f81611b3f57611b3f611a8e565b505f190190565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52603160045260245ffdfea26469706673582212200d55b69094023c931879468c00a8917f3d81be64f3bf32ad897ac86072524e7e64736f6c634300081e0033",
}

// SwarmStaking is an auto generated Go binding around an Ethereum contract.
type SwarmStaking struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SwarmStaking) GetABI() abi.ABI {
	return c.abi
}

// NewSwarmStaking creates a new instance of SwarmStaking.
func NewSwarmStaking() *SwarmStaking {
	parsed, err := SwarmStakingMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SwarmStaking{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SwarmStaking) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address token_, uint64 unbondingPeriod_, uint32 maxStakersPerProvider_, uint64 slashDelay_) returns()
func (swarmStaking *SwarmStaking) PackConstructor(token_ common.Address, unbondingPeriod_ uint64, maxStakersPerProvider_ uint32, slashDelay_ uint64) []byte {
	enc, err := swarmStaking.abi.Pack("", token_, unbondingPeriod_, maxStakersPerProvider_, slashDelay_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBPDENOMINATOR is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabe685cd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BP_DENOMINATOR() view returns(uint16)
func (swarmStaking *SwarmStaking) PackBPDENOMINATOR() []byte {
	enc, err := swarmStaking.abi.Pack("BP_DENOMINATOR")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBPDENOMINATOR is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabe685cd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BP_DENOMINATOR() view returns(uint16)
func (swarmStaking *SwarmStaking) TryPackBPDENOMINATOR() ([]byte, error) {
	return swarmStaking.abi.Pack("BP_DENOMINATOR")
}

// UnpackBPDENOMINATOR is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xabe685cd.
//
// Solidity: function BP_DENOMINATOR() view returns(uint16)
func (swarmStaking *SwarmStaking) UnpackBPDENOMINATOR(data []byte) (uint16, error) {
	out, err := swarmStaking.abi.Unpack("BP_DENOMINATOR", data)
	if err != nil {
		return *new(uint16), err
	}
	out0 := *abi.ConvertType(out[0], new(uint16)).(*uint16)
	return out0, nil
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) PackDEFAULTADMINROLE() []byte {
	enc, err := swarmStaking.abi.Pack("DEFAULT_ADMIN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return swarmStaking.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := swarmStaking.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGUARDIANROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x24ea54f4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function GUARDIAN_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) PackGUARDIANROLE() []byte {
	enc, err := swarmStaking.abi.Pack("GUARDIAN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGUARDIANROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x24ea54f4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function GUARDIAN_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) TryPackGUARDIANROLE() ([]byte, error) {
	return swarmStaking.abi.Pack("GUARDIAN_ROLE")
}

// UnpackGUARDIANROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x24ea54f4.
//
// Solidity: function GUARDIAN_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) UnpackGUARDIANROLE(data []byte) ([32]byte, error) {
	out, err := swarmStaking.abi.Unpack("GUARDIAN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSLASHERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5095af64.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function SLASHER_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) PackSLASHERROLE() []byte {
	enc, err := swarmStaking.abi.Pack("SLASHER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSLASHERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5095af64.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function SLASHER_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) TryPackSLASHERROLE() ([]byte, error) {
	return swarmStaking.abi.Pack("SLASHER_ROLE")
}

// UnpackSLASHERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5095af64.
//
// Solidity: function SLASHER_ROLE() view returns(bytes32)
func (swarmStaking *SwarmStaking) UnpackSLASHERROLE(data []byte) ([32]byte, error) {
	out, err := swarmStaking.abi.Unpack("SLASHER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAuthorizeNode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x68d220f7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function authorizeNode(bytes32 nodeKey) returns()
func (swarmStaking *SwarmStaking) PackAuthorizeNode(nodeKey [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("authorizeNode", nodeKey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuthorizeNode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x68d220f7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function authorizeNode(bytes32 nodeKey) returns()
func (swarmStaking *SwarmStaking) TryPackAuthorizeNode(nodeKey [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("authorizeNode", nodeKey)
}

// PackBond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa515366a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bond(address provider, uint256 amount) returns()
func (swarmStaking *SwarmStaking) PackBond(provider common.Address, amount *big.Int) []byte {
	enc, err := swarmStaking.abi.Pack("bond", provider, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa515366a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bond(address provider, uint256 amount) returns()
func (swarmStaking *SwarmStaking) TryPackBond(provider common.Address, amount *big.Int) ([]byte, error) {
	return swarmStaking.abi.Pack("bond", provider, amount)
}

// PackBondedOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x34d775ec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bondedOf(address staker, address provider) view returns(uint256)
func (swarmStaking *SwarmStaking) PackBondedOf(staker common.Address, provider common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("bondedOf", staker, provider)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBondedOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x34d775ec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bondedOf(address staker, address provider) view returns(uint256)
func (swarmStaking *SwarmStaking) TryPackBondedOf(staker common.Address, provider common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("bondedOf", staker, provider)
}

// UnpackBondedOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x34d775ec.
//
// Solidity: function bondedOf(address staker, address provider) view returns(uint256)
func (swarmStaking *SwarmStaking) UnpackBondedOf(data []byte) (*big.Int, error) {
	out, err := swarmStaking.abi.Unpack("bondedOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackExecuteSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb850cdf7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function executeSlash(bytes32 evidence) returns(uint256 total)
func (swarmStaking *SwarmStaking) PackExecuteSlash(evidence [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("executeSlash", evidence)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExecuteSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb850cdf7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function executeSlash(bytes32 evidence) returns(uint256 total)
func (swarmStaking *SwarmStaking) TryPackExecuteSlash(evidence [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("executeSlash", evidence)
}

// UnpackExecuteSlash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb850cdf7.
//
// Solidity: function executeSlash(bytes32 evidence) returns(uint256 total)
func (swarmStaking *SwarmStaking) UnpackExecuteSlash(data []byte) (*big.Int, error) {
	out, err := swarmStaking.abi.Unpack("executeSlash", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmStaking *SwarmStaking) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("getRoleAdmin", role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmStaking *SwarmStaking) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmStaking *SwarmStaking) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := swarmStaking.abi.Unpack("getRoleAdmin", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (swarmStaking *SwarmStaking) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("grantRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (swarmStaking *SwarmStaking) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmStaking *SwarmStaking) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("hasRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmStaking *SwarmStaking) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmStaking *SwarmStaking) UnpackHasRole(data []byte) (bool, error) {
	out, err := swarmStaking.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMaxStakersPerProvider is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcaf627bd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function maxStakersPerProvider() view returns(uint32)
func (swarmStaking *SwarmStaking) PackMaxStakersPerProvider() []byte {
	enc, err := swarmStaking.abi.Pack("maxStakersPerProvider")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMaxStakersPerProvider is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcaf627bd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function maxStakersPerProvider() view returns(uint32)
func (swarmStaking *SwarmStaking) TryPackMaxStakersPerProvider() ([]byte, error) {
	return swarmStaking.abi.Pack("maxStakersPerProvider")
}

// UnpackMaxStakersPerProvider is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcaf627bd.
//
// Solidity: function maxStakersPerProvider() view returns(uint32)
func (swarmStaking *SwarmStaking) UnpackMaxStakersPerProvider(data []byte) (uint32, error) {
	out, err := swarmStaking.abi.Unpack("maxStakersPerProvider", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackProposeSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8f1f61e7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeSlash(address provider, uint16 bp, bytes32 evidence) returns()
func (swarmStaking *SwarmStaking) PackProposeSlash(provider common.Address, bp uint16, evidence [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("proposeSlash", provider, bp, evidence)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8f1f61e7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeSlash(address provider, uint16 bp, bytes32 evidence) returns()
func (swarmStaking *SwarmStaking) TryPackProposeSlash(provider common.Address, bp uint16, evidence [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("proposeSlash", provider, bp, evidence)
}

// PackProviderOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5fcba866.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function providerOf(bytes32 nodeKey) view returns(address provider)
func (swarmStaking *SwarmStaking) PackProviderOf(nodeKey [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("providerOf", nodeKey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProviderOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5fcba866.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function providerOf(bytes32 nodeKey) view returns(address provider)
func (swarmStaking *SwarmStaking) TryPackProviderOf(nodeKey [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("providerOf", nodeKey)
}

// UnpackProviderOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5fcba866.
//
// Solidity: function providerOf(bytes32 nodeKey) view returns(address provider)
func (swarmStaking *SwarmStaking) UnpackProviderOf(data []byte) (common.Address, error) {
	out, err := swarmStaking.abi.Unpack("providerOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (swarmStaking *SwarmStaking) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("renounceRole", role, callerConfirmation)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (swarmStaking *SwarmStaking) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRequestUnbond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79b134d5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestUnbond(address provider, uint256 amount) returns()
func (swarmStaking *SwarmStaking) PackRequestUnbond(provider common.Address, amount *big.Int) []byte {
	enc, err := swarmStaking.abi.Pack("requestUnbond", provider, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestUnbond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79b134d5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestUnbond(address provider, uint256 amount) returns()
func (swarmStaking *SwarmStaking) TryPackRequestUnbond(provider common.Address, amount *big.Int) ([]byte, error) {
	return swarmStaking.abi.Pack("requestUnbond", provider, amount)
}

// PackRevokeNode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6d7a40c8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeNode(bytes32 nodeKey) returns()
func (swarmStaking *SwarmStaking) PackRevokeNode(nodeKey [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("revokeNode", nodeKey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeNode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6d7a40c8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeNode(bytes32 nodeKey) returns()
func (swarmStaking *SwarmStaking) TryPackRevokeNode(nodeKey [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("revokeNode", nodeKey)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (swarmStaking *SwarmStaking) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("revokeRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (swarmStaking *SwarmStaking) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("revokeRole", role, account)
}

// PackSetTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0f44260.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setTreasury(address treasury_) returns()
func (swarmStaking *SwarmStaking) PackSetTreasury(treasury common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("setTreasury", treasury)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf0f44260.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setTreasury(address treasury_) returns()
func (swarmStaking *SwarmStaking) TryPackSetTreasury(treasury common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("setTreasury", treasury)
}

// PackSlashDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc6f3d11f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slashDelay() view returns(uint64)
func (swarmStaking *SwarmStaking) PackSlashDelay() []byte {
	enc, err := swarmStaking.abi.Pack("slashDelay")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlashDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc6f3d11f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slashDelay() view returns(uint64)
func (swarmStaking *SwarmStaking) TryPackSlashDelay() ([]byte, error) {
	return swarmStaking.abi.Pack("slashDelay")
}

// UnpackSlashDelay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc6f3d11f.
//
// Solidity: function slashDelay() view returns(uint64)
func (swarmStaking *SwarmStaking) UnpackSlashDelay(data []byte) (uint64, error) {
	out, err := swarmStaking.abi.Unpack("slashDelay", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSlashOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbdd10c9d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slashOf(bytes32 evidence) view returns(address provider, uint16 bp, uint64 executableAt, uint8 state)
func (swarmStaking *SwarmStaking) PackSlashOf(evidence [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("slashOf", evidence)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlashOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbdd10c9d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slashOf(bytes32 evidence) view returns(address provider, uint16 bp, uint64 executableAt, uint8 state)
func (swarmStaking *SwarmStaking) TryPackSlashOf(evidence [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("slashOf", evidence)
}

// SlashOfOutput serves as a container for the return parameters of contract
// method SlashOf.
type SlashOfOutput struct {
	Provider     common.Address
	Bp           uint16
	ExecutableAt uint64
	State        uint8
}

// UnpackSlashOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbdd10c9d.
//
// Solidity: function slashOf(bytes32 evidence) view returns(address provider, uint16 bp, uint64 executableAt, uint8 state)
func (swarmStaking *SwarmStaking) UnpackSlashOf(data []byte) (SlashOfOutput, error) {
	out, err := swarmStaking.abi.Unpack("slashOf", data)
	outstruct := new(SlashOfOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Provider = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Bp = *abi.ConvertType(out[1], new(uint16)).(*uint16)
	outstruct.ExecutableAt = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.State = *abi.ConvertType(out[3], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackStakersOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfa3a463d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stakersOf(address provider) view returns(address[])
func (swarmStaking *SwarmStaking) PackStakersOf(provider common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("stakersOf", provider)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStakersOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfa3a463d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stakersOf(address provider) view returns(address[])
func (swarmStaking *SwarmStaking) TryPackStakersOf(provider common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("stakersOf", provider)
}

// UnpackStakersOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfa3a463d.
//
// Solidity: function stakersOf(address provider) view returns(address[])
func (swarmStaking *SwarmStaking) UnpackStakersOf(data []byte) ([]common.Address, error) {
	out, err := swarmStaking.abi.Unpack("stakersOf", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmStaking *SwarmStaking) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := swarmStaking.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmStaking *SwarmStaking) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmStaking *SwarmStaking) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := swarmStaking.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (swarmStaking *SwarmStaking) PackToken() []byte {
	enc, err := swarmStaking.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (swarmStaking *SwarmStaking) TryPackToken() ([]byte, error) {
	return swarmStaking.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (swarmStaking *SwarmStaking) UnpackToken(data []byte) (common.Address, error) {
	out, err := swarmStaking.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61d027b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function treasury() view returns(address)
func (swarmStaking *SwarmStaking) PackTreasury() []byte {
	enc, err := swarmStaking.abi.Pack("treasury")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTreasury is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61d027b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function treasury() view returns(address)
func (swarmStaking *SwarmStaking) TryPackTreasury() ([]byte, error) {
	return swarmStaking.abi.Pack("treasury")
}

// UnpackTreasury is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x61d027b3.
//
// Solidity: function treasury() view returns(address)
func (swarmStaking *SwarmStaking) UnpackTreasury(data []byte) (common.Address, error) {
	out, err := swarmStaking.abi.Unpack("treasury", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackUnbondingOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x606d383d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unbondingOf(address staker, address provider) view returns(uint256 amount, uint64 releaseAt)
func (swarmStaking *SwarmStaking) PackUnbondingOf(staker common.Address, provider common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("unbondingOf", staker, provider)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnbondingOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x606d383d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unbondingOf(address staker, address provider) view returns(uint256 amount, uint64 releaseAt)
func (swarmStaking *SwarmStaking) TryPackUnbondingOf(staker common.Address, provider common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("unbondingOf", staker, provider)
}

// UnbondingOfOutput serves as a container for the return parameters of contract
// method UnbondingOf.
type UnbondingOfOutput struct {
	Amount    *big.Int
	ReleaseAt uint64
}

// UnpackUnbondingOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x606d383d.
//
// Solidity: function unbondingOf(address staker, address provider) view returns(uint256 amount, uint64 releaseAt)
func (swarmStaking *SwarmStaking) UnpackUnbondingOf(data []byte) (UnbondingOfOutput, error) {
	out, err := swarmStaking.abi.Unpack("unbondingOf", data)
	outstruct := new(UnbondingOfOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Amount = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.ReleaseAt = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackUnbondingPeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6cf6d675.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unbondingPeriod() view returns(uint64)
func (swarmStaking *SwarmStaking) PackUnbondingPeriod() []byte {
	enc, err := swarmStaking.abi.Pack("unbondingPeriod")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnbondingPeriod is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6cf6d675.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unbondingPeriod() view returns(uint64)
func (swarmStaking *SwarmStaking) TryPackUnbondingPeriod() ([]byte, error) {
	return swarmStaking.abi.Pack("unbondingPeriod")
}

// UnpackUnbondingPeriod is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6cf6d675.
//
// Solidity: function unbondingPeriod() view returns(uint64)
func (swarmStaking *SwarmStaking) UnpackUnbondingPeriod(data []byte) (uint64, error) {
	out, err := swarmStaking.abi.Unpack("unbondingPeriod", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackVetoSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xedc7da1e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function vetoSlash(bytes32 evidence) returns()
func (swarmStaking *SwarmStaking) PackVetoSlash(evidence [32]byte) []byte {
	enc, err := swarmStaking.abi.Pack("vetoSlash", evidence)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVetoSlash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xedc7da1e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function vetoSlash(bytes32 evidence) returns()
func (swarmStaking *SwarmStaking) TryPackVetoSlash(evidence [32]byte) ([]byte, error) {
	return swarmStaking.abi.Pack("vetoSlash", evidence)
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x51cff8d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw(address provider) returns()
func (swarmStaking *SwarmStaking) PackWithdraw(provider common.Address) []byte {
	enc, err := swarmStaking.abi.Pack("withdraw", provider)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x51cff8d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw(address provider) returns()
func (swarmStaking *SwarmStaking) TryPackWithdraw(provider common.Address) ([]byte, error) {
	return swarmStaking.abi.Pack("withdraw", provider)
}

// SwarmStakingBonded represents a Bonded event raised by the SwarmStaking contract.
type SwarmStakingBonded struct {
	Staker   common.Address
	Provider common.Address
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingBondedEventName = "Bonded"

// ContractEventName returns the user-defined event name.
func (SwarmStakingBonded) ContractEventName() string {
	return SwarmStakingBondedEventName
}

// UnpackBondedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Bonded(address indexed staker, address indexed provider, uint256 amount)
func (swarmStaking *SwarmStaking) UnpackBondedEvent(log *types.Log) (*SwarmStakingBonded, error) {
	event := "Bonded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingBonded)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingNodeAuthorized represents a NodeAuthorized event raised by the SwarmStaking contract.
type SwarmStakingNodeAuthorized struct {
	Provider common.Address
	NodeKey  [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingNodeAuthorizedEventName = "NodeAuthorized"

// ContractEventName returns the user-defined event name.
func (SwarmStakingNodeAuthorized) ContractEventName() string {
	return SwarmStakingNodeAuthorizedEventName
}

// UnpackNodeAuthorizedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event NodeAuthorized(address indexed provider, bytes32 nodeKey)
func (swarmStaking *SwarmStaking) UnpackNodeAuthorizedEvent(log *types.Log) (*SwarmStakingNodeAuthorized, error) {
	event := "NodeAuthorized"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingNodeAuthorized)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingNodeRevoked represents a NodeRevoked event raised by the SwarmStaking contract.
type SwarmStakingNodeRevoked struct {
	Provider common.Address
	NodeKey  [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingNodeRevokedEventName = "NodeRevoked"

// ContractEventName returns the user-defined event name.
func (SwarmStakingNodeRevoked) ContractEventName() string {
	return SwarmStakingNodeRevokedEventName
}

// UnpackNodeRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event NodeRevoked(address indexed provider, bytes32 nodeKey)
func (swarmStaking *SwarmStaking) UnpackNodeRevokedEvent(log *types.Log) (*SwarmStakingNodeRevoked, error) {
	event := "NodeRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingNodeRevoked)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingRoleAdminChanged represents a RoleAdminChanged event raised by the SwarmStaking contract.
type SwarmStakingRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const SwarmStakingRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (SwarmStakingRoleAdminChanged) ContractEventName() string {
	return SwarmStakingRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (swarmStaking *SwarmStaking) UnpackRoleAdminChangedEvent(log *types.Log) (*SwarmStakingRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingRoleGranted represents a RoleGranted event raised by the SwarmStaking contract.
type SwarmStakingRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmStakingRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (SwarmStakingRoleGranted) ContractEventName() string {
	return SwarmStakingRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (swarmStaking *SwarmStaking) UnpackRoleGrantedEvent(log *types.Log) (*SwarmStakingRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingRoleGranted)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingRoleRevoked represents a RoleRevoked event raised by the SwarmStaking contract.
type SwarmStakingRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmStakingRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (SwarmStakingRoleRevoked) ContractEventName() string {
	return SwarmStakingRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (swarmStaking *SwarmStaking) UnpackRoleRevokedEvent(log *types.Log) (*SwarmStakingRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingRoleRevoked)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingSlashProposed represents a SlashProposed event raised by the SwarmStaking contract.
type SwarmStakingSlashProposed struct {
	Provider     common.Address
	Bp           uint16
	Evidence     [32]byte
	ExecutableAt uint64
	Raw          *types.Log // Blockchain specific contextual infos
}

const SwarmStakingSlashProposedEventName = "SlashProposed"

// ContractEventName returns the user-defined event name.
func (SwarmStakingSlashProposed) ContractEventName() string {
	return SwarmStakingSlashProposedEventName
}

// UnpackSlashProposedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SlashProposed(address indexed provider, uint16 bp, bytes32 indexed evidence, uint64 executableAt)
func (swarmStaking *SwarmStaking) UnpackSlashProposedEvent(log *types.Log) (*SwarmStakingSlashProposed, error) {
	event := "SlashProposed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingSlashProposed)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingSlashVetoed represents a SlashVetoed event raised by the SwarmStaking contract.
type SwarmStakingSlashVetoed struct {
	Evidence [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingSlashVetoedEventName = "SlashVetoed"

// ContractEventName returns the user-defined event name.
func (SwarmStakingSlashVetoed) ContractEventName() string {
	return SwarmStakingSlashVetoedEventName
}

// UnpackSlashVetoedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SlashVetoed(bytes32 indexed evidence)
func (swarmStaking *SwarmStaking) UnpackSlashVetoedEvent(log *types.Log) (*SwarmStakingSlashVetoed, error) {
	event := "SlashVetoed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingSlashVetoed)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingSlashed represents a Slashed event raised by the SwarmStaking contract.
type SwarmStakingSlashed struct {
	Provider common.Address
	Bp       uint16
	Evidence [32]byte
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingSlashedEventName = "Slashed"

// ContractEventName returns the user-defined event name.
func (SwarmStakingSlashed) ContractEventName() string {
	return SwarmStakingSlashedEventName
}

// UnpackSlashedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Slashed(address indexed provider, uint16 bp, bytes32 evidence, uint256 amount)
func (swarmStaking *SwarmStaking) UnpackSlashedEvent(log *types.Log) (*SwarmStakingSlashed, error) {
	event := "Slashed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingSlashed)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingTreasuryChanged represents a TreasuryChanged event raised by the SwarmStaking contract.
type SwarmStakingTreasuryChanged struct {
	Treasury common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingTreasuryChangedEventName = "TreasuryChanged"

// ContractEventName returns the user-defined event name.
func (SwarmStakingTreasuryChanged) ContractEventName() string {
	return SwarmStakingTreasuryChangedEventName
}

// UnpackTreasuryChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TreasuryChanged(address treasury)
func (swarmStaking *SwarmStaking) UnpackTreasuryChangedEvent(log *types.Log) (*SwarmStakingTreasuryChanged, error) {
	event := "TreasuryChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingTreasuryChanged)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingUnbondRequested represents a UnbondRequested event raised by the SwarmStaking contract.
type SwarmStakingUnbondRequested struct {
	Staker    common.Address
	Provider  common.Address
	Amount    *big.Int
	ReleaseAt uint64
	Raw       *types.Log // Blockchain specific contextual infos
}

const SwarmStakingUnbondRequestedEventName = "UnbondRequested"

// ContractEventName returns the user-defined event name.
func (SwarmStakingUnbondRequested) ContractEventName() string {
	return SwarmStakingUnbondRequestedEventName
}

// UnpackUnbondRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event UnbondRequested(address indexed staker, address indexed provider, uint256 amount, uint64 releaseAt)
func (swarmStaking *SwarmStaking) UnpackUnbondRequestedEvent(log *types.Log) (*SwarmStakingUnbondRequested, error) {
	event := "UnbondRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingUnbondRequested)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmStakingWithdrawn represents a Withdrawn event raised by the SwarmStaking contract.
type SwarmStakingWithdrawn struct {
	Staker   common.Address
	Provider common.Address
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const SwarmStakingWithdrawnEventName = "Withdrawn"

// ContractEventName returns the user-defined event name.
func (SwarmStakingWithdrawn) ContractEventName() string {
	return SwarmStakingWithdrawnEventName
}

// UnpackWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdrawn(address indexed staker, address indexed provider, uint256 amount)
func (swarmStaking *SwarmStaking) UnpackWithdrawnEvent(log *types.Log) (*SwarmStakingWithdrawn, error) {
	event := "Withdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmStaking.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmStakingWithdrawn)
	if len(log.Data) > 0 {
		if err := swarmStaking.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmStaking.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (swarmStaking *SwarmStaking) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["EvidenceUsed"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackEvidenceUsedError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["InsufficientBonded"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackInsufficientBondedError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["InvalidBasisPoints"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackInvalidBasisPointsError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["NodeKeyTaken"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackNodeKeyTakenError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["NotNodeProvider"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackNotNodeProviderError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["NotReleased"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackNotReleasedError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["NothingToWithdraw"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackNothingToWithdrawError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["SlashNotExecutable"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackSlashNotExecutableError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["SlashNotProposed"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackSlashNotProposedError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["TooManyStakers"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackTooManyStakersError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackZeroAmountError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmStaking.abi.Errors["ZeroNodeKey"].ID.Bytes()[:4]) {
		return swarmStaking.UnpackZeroNodeKeyError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SwarmStakingAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the SwarmStaking contract.
type SwarmStakingAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func SwarmStakingAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (swarmStaking *SwarmStaking) UnpackAccessControlBadConfirmationError(raw []byte) (*SwarmStakingAccessControlBadConfirmation, error) {
	out := new(SwarmStakingAccessControlBadConfirmation)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the SwarmStaking contract.
type SwarmStakingAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func SwarmStakingAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (swarmStaking *SwarmStaking) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*SwarmStakingAccessControlUnauthorizedAccount, error) {
	out := new(SwarmStakingAccessControlUnauthorizedAccount)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingEvidenceUsed represents a EvidenceUsed error raised by the SwarmStaking contract.
type SwarmStakingEvidenceUsed struct {
	Evidence [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EvidenceUsed(bytes32 evidence)
func SwarmStakingEvidenceUsedErrorID() common.Hash {
	return common.HexToHash("0x42106f4ceb27f19024fb7dab4c7d32f24edbd5fd73aeacb67eb6cf6ee3956956")
}

// UnpackEvidenceUsedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EvidenceUsed(bytes32 evidence)
func (swarmStaking *SwarmStaking) UnpackEvidenceUsedError(raw []byte) (*SwarmStakingEvidenceUsed, error) {
	out := new(SwarmStakingEvidenceUsed)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "EvidenceUsed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingInsufficientBonded represents a InsufficientBonded error raised by the SwarmStaking contract.
type SwarmStakingInsufficientBonded struct {
	Bonded    *big.Int
	Requested *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientBonded(uint256 bonded, uint256 requested)
func SwarmStakingInsufficientBondedErrorID() common.Hash {
	return common.HexToHash("0xf3d71954e0d84e6670f2fbd8bb344cc6ce4f24be7a0b0c1f2452fb74722718e5")
}

// UnpackInsufficientBondedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientBonded(uint256 bonded, uint256 requested)
func (swarmStaking *SwarmStaking) UnpackInsufficientBondedError(raw []byte) (*SwarmStakingInsufficientBonded, error) {
	out := new(SwarmStakingInsufficientBonded)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "InsufficientBonded", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingInvalidBasisPoints represents a InvalidBasisPoints error raised by the SwarmStaking contract.
type SwarmStakingInvalidBasisPoints struct {
	Bp uint16
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidBasisPoints(uint16 bp)
func SwarmStakingInvalidBasisPointsErrorID() common.Hash {
	return common.HexToHash("0xe0d74ef44249e394e2d298ef9a298e661cb13cc67852309bab3f873921eb9ef8")
}

// UnpackInvalidBasisPointsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidBasisPoints(uint16 bp)
func (swarmStaking *SwarmStaking) UnpackInvalidBasisPointsError(raw []byte) (*SwarmStakingInvalidBasisPoints, error) {
	out := new(SwarmStakingInvalidBasisPoints)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "InvalidBasisPoints", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingNodeKeyTaken represents a NodeKeyTaken error raised by the SwarmStaking contract.
type SwarmStakingNodeKeyTaken struct {
	NodeKey  [32]byte
	Provider common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NodeKeyTaken(bytes32 nodeKey, address provider)
func SwarmStakingNodeKeyTakenErrorID() common.Hash {
	return common.HexToHash("0x3c5795f5580c01c3a662f837655809d6eaca67ac1d05bc3f67532523201eb322")
}

// UnpackNodeKeyTakenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NodeKeyTaken(bytes32 nodeKey, address provider)
func (swarmStaking *SwarmStaking) UnpackNodeKeyTakenError(raw []byte) (*SwarmStakingNodeKeyTaken, error) {
	out := new(SwarmStakingNodeKeyTaken)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "NodeKeyTaken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingNotNodeProvider represents a NotNodeProvider error raised by the SwarmStaking contract.
type SwarmStakingNotNodeProvider struct {
	NodeKey  [32]byte
	Provider common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotNodeProvider(bytes32 nodeKey, address provider)
func SwarmStakingNotNodeProviderErrorID() common.Hash {
	return common.HexToHash("0x9ab2d818fee284ba952baf3da019f9ea5986060c56ecbb09b321200745ad5a97")
}

// UnpackNotNodeProviderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotNodeProvider(bytes32 nodeKey, address provider)
func (swarmStaking *SwarmStaking) UnpackNotNodeProviderError(raw []byte) (*SwarmStakingNotNodeProvider, error) {
	out := new(SwarmStakingNotNodeProvider)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "NotNodeProvider", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingNotReleased represents a NotReleased error raised by the SwarmStaking contract.
type SwarmStakingNotReleased struct {
	ReleaseAt uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotReleased(uint64 releaseAt)
func SwarmStakingNotReleasedErrorID() common.Hash {
	return common.HexToHash("0xc0388f0444b350bb8138e9c94ac2f0458a47db0efea97e0e409e8ee9fe9bd379")
}

// UnpackNotReleasedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotReleased(uint64 releaseAt)
func (swarmStaking *SwarmStaking) UnpackNotReleasedError(raw []byte) (*SwarmStakingNotReleased, error) {
	out := new(SwarmStakingNotReleased)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "NotReleased", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingNothingToWithdraw represents a NothingToWithdraw error raised by the SwarmStaking contract.
type SwarmStakingNothingToWithdraw struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToWithdraw()
func SwarmStakingNothingToWithdrawErrorID() common.Hash {
	return common.HexToHash("0xd0d04f60bf4f7629141a1f00f5d2908fa0f3e15bf4cbf8bb8edc6fcbdf2509fa")
}

// UnpackNothingToWithdrawError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToWithdraw()
func (swarmStaking *SwarmStaking) UnpackNothingToWithdrawError(raw []byte) (*SwarmStakingNothingToWithdraw, error) {
	out := new(SwarmStakingNothingToWithdraw)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "NothingToWithdraw", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the SwarmStaking contract.
type SwarmStakingReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func SwarmStakingReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (swarmStaking *SwarmStaking) UnpackReentrancyGuardReentrantCallError(raw []byte) (*SwarmStakingReentrancyGuardReentrantCall, error) {
	out := new(SwarmStakingReentrancyGuardReentrantCall)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the SwarmStaking contract.
type SwarmStakingSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func SwarmStakingSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (swarmStaking *SwarmStaking) UnpackSafeERC20FailedOperationError(raw []byte) (*SwarmStakingSafeERC20FailedOperation, error) {
	out := new(SwarmStakingSafeERC20FailedOperation)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingSlashNotExecutable represents a SlashNotExecutable error raised by the SwarmStaking contract.
type SwarmStakingSlashNotExecutable struct {
	Evidence     [32]byte
	ExecutableAt uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SlashNotExecutable(bytes32 evidence, uint64 executableAt)
func SwarmStakingSlashNotExecutableErrorID() common.Hash {
	return common.HexToHash("0x4c5ecb994c11f2818dc5e1676fa026dd2e01dbfc2c7b933fca1c1d99e7fc290b")
}

// UnpackSlashNotExecutableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SlashNotExecutable(bytes32 evidence, uint64 executableAt)
func (swarmStaking *SwarmStaking) UnpackSlashNotExecutableError(raw []byte) (*SwarmStakingSlashNotExecutable, error) {
	out := new(SwarmStakingSlashNotExecutable)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "SlashNotExecutable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingSlashNotProposed represents a SlashNotProposed error raised by the SwarmStaking contract.
type SwarmStakingSlashNotProposed struct {
	Evidence [32]byte
	State    uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SlashNotProposed(bytes32 evidence, uint8 state)
func SwarmStakingSlashNotProposedErrorID() common.Hash {
	return common.HexToHash("0x14201443c7d2f149cee21ca3b3ee693a0d343d9788f60e56cf8912917908cf1f")
}

// UnpackSlashNotProposedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SlashNotProposed(bytes32 evidence, uint8 state)
func (swarmStaking *SwarmStaking) UnpackSlashNotProposedError(raw []byte) (*SwarmStakingSlashNotProposed, error) {
	out := new(SwarmStakingSlashNotProposed)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "SlashNotProposed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingTooManyStakers represents a TooManyStakers error raised by the SwarmStaking contract.
type SwarmStakingTooManyStakers struct {
	Provider common.Address
	Max      uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyStakers(address provider, uint32 max)
func SwarmStakingTooManyStakersErrorID() common.Hash {
	return common.HexToHash("0x157a0f5bfd906fcee184642260ca18ca9ecf5eb58dfc6e0e89ef6dae6af40773")
}

// UnpackTooManyStakersError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyStakers(address provider, uint32 max)
func (swarmStaking *SwarmStaking) UnpackTooManyStakersError(raw []byte) (*SwarmStakingTooManyStakers, error) {
	out := new(SwarmStakingTooManyStakers)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "TooManyStakers", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingZeroAddress represents a ZeroAddress error raised by the SwarmStaking contract.
type SwarmStakingZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func SwarmStakingZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (swarmStaking *SwarmStaking) UnpackZeroAddressError(raw []byte) (*SwarmStakingZeroAddress, error) {
	out := new(SwarmStakingZeroAddress)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingZeroAmount represents a ZeroAmount error raised by the SwarmStaking contract.
type SwarmStakingZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func SwarmStakingZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (swarmStaking *SwarmStaking) UnpackZeroAmountError(raw []byte) (*SwarmStakingZeroAmount, error) {
	out := new(SwarmStakingZeroAmount)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmStakingZeroNodeKey represents a ZeroNodeKey error raised by the SwarmStaking contract.
type SwarmStakingZeroNodeKey struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroNodeKey()
func SwarmStakingZeroNodeKeyErrorID() common.Hash {
	return common.HexToHash("0x1fe8da84359f119a361261b18b27606ca87eb78ba06484e4084ca83acb1da78f")
}

// UnpackZeroNodeKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroNodeKey()
func (swarmStaking *SwarmStaking) UnpackZeroNodeKeyError(raw []byte) (*SwarmStakingZeroNodeKey, error) {
	out := new(SwarmStakingZeroNodeKey)
	if err := swarmStaking.abi.UnpackIntoInterface(out, "ZeroNodeKey", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenMetaData contains all meta data concerning the SwarmToken contract.
var SwarmTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAdmin\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MINTER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "SwarmToken",
	Bin: "0x608060405234801561000f575f5ffd5b50604051610e30380380610e3083398101604081905261002e91610199565b60405180604001604052806005815260200164537761726d60d81b81525060405180604001604052806005815260200164535741524d60d81b8152508160039081610079919061025e565b506004610086828261025e565b5050506001600160a01b0381166100b057604051633944ed8760e11b815260040160405180910390fd5b6100ba5f826100ec565b506100e57f9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6826100ec565b5050610318565b5f8281526005602090815260408083206001600160a01b038516845290915281205460ff16610190575f8381526005602090815260408083206001600160a01b03861684529091529020805460ff191660011790556101483390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a4506001610193565b505f5b92915050565b5f602082840312156101a9575f5ffd5b81516001600160a01b03811681146101bf575f5ffd5b9392505050565b634e487b7160e01b5f52604160045260245ffd5b600181811c908216806101ee57607f821691505b60208210810361020c57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561025957805f5260205f20601f840160051c810160208510156102375750805b601f840160051c820191505b81811015610256575f8155600101610243565b50505b505050565b81516001600160401b03811115610277576102776101c6565b61028b8161028584546101da565b84610212565b6020601f8211600181146102bd575f83156102a65750848201515b5f19600385901b1c1916600184901b178455610256565b5f84815260208120601f198516915b828110156102ec57878501518255602094850194600190920191016102cc565b508482101561030957868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b610b0b806103255f395ff3fe608060405234801561000f575f5ffd5b5060043610610111575f3560e01c806340c10f191161009e578063a217fddf1161006e578063a217fddf14610239578063a9059cbb14610240578063d539139314610253578063d547741f1461027a578063dd62ed3e1461028d575f5ffd5b806340c10f19146101e357806370a08231146101f657806391d148541461021e57806395d89b4114610231575f5ffd5b806323b872dd116100e457806323b872dd14610177578063248a9ca31461018a5780632f2ff15d146101ac578063313ce567146101c157806336568abe146101d0575f5ffd5b806301ffc9a71461011557806306fdde031461013d578063095ea7b31461015257806318160ddd14610165575b5f5ffd5b61012861012336600461091c565b6102c5565b60405190151581526020015b60405180910390f35b6101456102fb565b604051610134919061094a565b61012861016036600461099a565b61038b565b6002545b604051908152602001610134565b6101286101853660046109c2565b6103a2565b6101696101983660046109fc565b5f9081526005602052604090206001015490565b6101bf6101ba366004610a13565b6103c5565b005b60405160128152602001610134565b6101bf6101de366004610a13565b6103ef565b6101bf6101f136600461099a565b610427565b610169610204366004610a3d565b6001600160a01b03165f9081526020819052604090205490565b61012861022c366004610a13565b61045b565b610145610485565b6101695f81565b61012861024e36600461099a565b610494565b6101697f9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a681565b6101bf610288366004610a13565b6104a1565b61016961029b366004610a56565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205490565b5f6001600160e01b03198216637965db0b60e01b14806102f557506301ffc9a760e01b6001600160e01b03198316145b92915050565b60606003805461030a90610a7e565b80601f016020809104026020016040519081016040528092919081815260200182805461033690610a7e565b80156103815780601f1061035857610100808354040283529160200191610381565b820191905f5260205f20905b81548152906001019060200180831161036457829003601f168201915b5050505050905090565b5f336103988185856104c5565b5060019392505050565b5f336103af8582856104d2565b6103ba85858561054d565b506001949350505050565b5f828152600560205260409020600101546103df816105aa565b6103e983836105b7565b50505050565b6001600160a01b03811633146104185760405163334bd91960e11b815260040160405180910390fd5b6104228282610648565b505050565b7f9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6610451816105aa565b61042283836106b3565b5f9182526005602090815260408084206001600160a01b0393909316845291905290205460ff1690565b60606004805461030a90610a7e565b5f3361039881858561054d565b5f828152600560205260409020600101546104bb816105aa565b6103e98383610648565b61042283838360016106eb565b6001600160a01b038381165f908152600160209081526040808320938616835292905220545f198110156103e9578181101561053f57604051637dc7a0d960e11b81526001600160a01b038416600482015260248101829052604481018390526064015b60405180910390fd5b6103e984848484035f6106eb565b6001600160a01b03831661057657604051634b637e8f60e11b81525f6004820152602401610536565b6001600160a01b03821661059f5760405163ec442f0560e01b81525f6004820152602401610536565b6104228383836107bd565b6105b481336108e3565b50565b5f6105c2838361045b565b610641575f8381526005602090815260408083206001600160a01b03861684529091529020805460ff191660011790556105f93390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a45060016102f5565b505f6102f5565b5f610653838361045b565b15610641575f8381526005602090815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a45060016102f5565b6001600160a01b0382166106dc5760405163ec442f0560e01b81525f6004820152602401610536565b6106e75f83836107bd565b5050565b6001600160a01b0384166107145760405163e602df0560e01b81525f6004820152602401610536565b6001600160a01b03831661073d57604051634a1406b160e11b81525f6004820152602401610536565b6001600160a01b038085165f90815260016020908152604080832093871683529290522082905580156103e957826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925846040516107af91815260200190565b60405180910390a350505050565b6001600160a01b0383166107e7578060025f8282546107dc9190610ab6565b909155506108579050565b6001600160a01b0383165f90815260208190526040902054818110156108395760405163391434e360e21b81526001600160a01b03851660048201526024810182905260448101839052606401610536565b6001600160a01b0384165f9081526020819052604090209082900390555b6001600160a01b03821661087357600280548290039055610891565b6001600160a01b0382165f9081526020819052604090208054820190555b816001600160a01b0316836001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef836040516108d691815260200190565b60405180910390a3505050565b6108ed828261045b565b6106e75760405163e2517d3f60e01b81526001600160a01b038216600482015260248101839052604401610536565b5f6020828403121561092c575f5ffd5b81356001600160e01b031981168114610943575f5ffd5b9392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b80356001600160a01b0381168114610995575f5ffd5b919050565b5f5f604083850312156109ab575f5ffd5b6109b48361097f565b946020939093013593505050565b5f5f5f606084860312156109d4575f5ffd5b6109dd8461097f565b92506109eb6020850161097f565b929592945050506040919091013590565b5f60208284031215610a0c575f5ffd5b5035919050565b5f5f60408385031215610a24575f5ffd5b82359150610a346020840161097f565b90509250929050565b5f60208284031215610a4d575f5ffd5b6109438261097f565b5f5f60408385031215610a67575f5ffd5b610a708361097f565b9150610a346020840161097f565b600181811c90821680610a9257607f821691505b602082108103610ab057634e487b7160e01b5f52602260045260245ffd5b50919050565b808201808211156102f557634e487b7160e01b5f52601160045260245ffdfea2646970667358221220fa6d38e92a08c22be41b5fa49c1e5301f290fa74d7b455e5a1f95fece74c3ee064736f6c634300081e0033",
}

// SwarmToken is an auto generated Go binding around an Ethereum contract.
type SwarmToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SwarmToken) GetABI() abi.ABI {
	return c.abi
}

// NewSwarmToken creates a new instance of SwarmToken.
func NewSwarmToken() *SwarmToken {
	parsed, err := SwarmTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SwarmToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SwarmToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address admin) returns()
func (swarmToken *SwarmToken) PackConstructor(admin common.Address) []byte {
	enc, err := swarmToken.abi.Pack("", admin)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmToken *SwarmToken) PackDEFAULTADMINROLE() []byte {
	enc, err := swarmToken.abi.Pack("DEFAULT_ADMIN_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEFAULTADMINROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa217fddf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmToken *SwarmToken) TryPackDEFAULTADMINROLE() ([]byte, error) {
	return swarmToken.abi.Pack("DEFAULT_ADMIN_ROLE")
}

// UnpackDEFAULTADMINROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (swarmToken *SwarmToken) UnpackDEFAULTADMINROLE(data []byte) ([32]byte, error) {
	out, err := swarmToken.abi.Unpack("DEFAULT_ADMIN_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackMINTERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5391393.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MINTER_ROLE() view returns(bytes32)
func (swarmToken *SwarmToken) PackMINTERROLE() []byte {
	enc, err := swarmToken.abi.Pack("MINTER_ROLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINTERROLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5391393.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MINTER_ROLE() view returns(bytes32)
func (swarmToken *SwarmToken) TryPackMINTERROLE() ([]byte, error) {
	return swarmToken.abi.Pack("MINTER_ROLE")
}

// UnpackMINTERROLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd5391393.
//
// Solidity: function MINTER_ROLE() view returns(bytes32)
func (swarmToken *SwarmToken) UnpackMINTERROLE(data []byte) ([32]byte, error) {
	out, err := swarmToken.abi.Unpack("MINTER_ROLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (swarmToken *SwarmToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := swarmToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (swarmToken *SwarmToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return swarmToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (swarmToken *SwarmToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := swarmToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (swarmToken *SwarmToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := swarmToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (swarmToken *SwarmToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return swarmToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (swarmToken *SwarmToken) UnpackApprove(data []byte) (bool, error) {
	out, err := swarmToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (swarmToken *SwarmToken) PackBalanceOf(account common.Address) []byte {
	enc, err := swarmToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (swarmToken *SwarmToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return swarmToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (swarmToken *SwarmToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := swarmToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (swarmToken *SwarmToken) PackDecimals() []byte {
	enc, err := swarmToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (swarmToken *SwarmToken) TryPackDecimals() ([]byte, error) {
	return swarmToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (swarmToken *SwarmToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := swarmToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmToken *SwarmToken) PackGetRoleAdmin(role [32]byte) []byte {
	enc, err := swarmToken.abi.Pack("getRoleAdmin", role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoleAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x248a9ca3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmToken *SwarmToken) TryPackGetRoleAdmin(role [32]byte) ([]byte, error) {
	return swarmToken.abi.Pack("getRoleAdmin", role)
}

// UnpackGetRoleAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (swarmToken *SwarmToken) UnpackGetRoleAdmin(data []byte) ([32]byte, error) {
	out, err := swarmToken.abi.Unpack("getRoleAdmin", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (swarmToken *SwarmToken) PackGrantRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmToken.abi.Pack("grantRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2f2ff15d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (swarmToken *SwarmToken) TryPackGrantRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmToken.abi.Pack("grantRole", role, account)
}

// PackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmToken *SwarmToken) PackHasRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmToken.abi.Pack("hasRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x91d14854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmToken *SwarmToken) TryPackHasRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmToken.abi.Pack("hasRole", role, account)
}

// UnpackHasRole is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (swarmToken *SwarmToken) UnpackHasRole(data []byte) (bool, error) {
	out, err := swarmToken.abi.Unpack("hasRole", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (swarmToken *SwarmToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := swarmToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (swarmToken *SwarmToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return swarmToken.abi.Pack("mint", to, amount)
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (swarmToken *SwarmToken) PackName() []byte {
	enc, err := swarmToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (swarmToken *SwarmToken) TryPackName() ([]byte, error) {
	return swarmToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (swarmToken *SwarmToken) UnpackName(data []byte) (string, error) {
	out, err := swarmToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (swarmToken *SwarmToken) PackRenounceRole(role [32]byte, callerConfirmation common.Address) []byte {
	enc, err := swarmToken.abi.Pack("renounceRole", role, callerConfirmation)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRenounceRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x36568abe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (swarmToken *SwarmToken) TryPackRenounceRole(role [32]byte, callerConfirmation common.Address) ([]byte, error) {
	return swarmToken.abi.Pack("renounceRole", role, callerConfirmation)
}

// PackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (swarmToken *SwarmToken) PackRevokeRole(role [32]byte, account common.Address) []byte {
	enc, err := swarmToken.abi.Pack("revokeRole", role, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeRole is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd547741f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (swarmToken *SwarmToken) TryPackRevokeRole(role [32]byte, account common.Address) ([]byte, error) {
	return swarmToken.abi.Pack("revokeRole", role, account)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmToken *SwarmToken) PackSupportsInterface(interfaceId [4]byte) []byte {
	enc, err := swarmToken.abi.Pack("supportsInterface", interfaceId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmToken *SwarmToken) TryPackSupportsInterface(interfaceId [4]byte) ([]byte, error) {
	return swarmToken.abi.Pack("supportsInterface", interfaceId)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (swarmToken *SwarmToken) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := swarmToken.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (swarmToken *SwarmToken) PackSymbol() []byte {
	enc, err := swarmToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (swarmToken *SwarmToken) TryPackSymbol() ([]byte, error) {
	return swarmToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (swarmToken *SwarmToken) UnpackSymbol(data []byte) (string, error) {
	out, err := swarmToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (swarmToken *SwarmToken) PackTotalSupply() []byte {
	enc, err := swarmToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (swarmToken *SwarmToken) TryPackTotalSupply() ([]byte, error) {
	return swarmToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (swarmToken *SwarmToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := swarmToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (swarmToken *SwarmToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := swarmToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (swarmToken *SwarmToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return swarmToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (swarmToken *SwarmToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := swarmToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (swarmToken *SwarmToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := swarmToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (swarmToken *SwarmToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return swarmToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (swarmToken *SwarmToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := swarmToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// SwarmTokenApproval represents a Approval event raised by the SwarmToken contract.
type SwarmTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (SwarmTokenApproval) ContractEventName() string {
	return SwarmTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (swarmToken *SwarmToken) UnpackApprovalEvent(log *types.Log) (*SwarmTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmTokenApproval)
	if len(log.Data) > 0 {
		if err := swarmToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmTokenRoleAdminChanged represents a RoleAdminChanged event raised by the SwarmToken contract.
type SwarmTokenRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               *types.Log // Blockchain specific contextual infos
}

const SwarmTokenRoleAdminChangedEventName = "RoleAdminChanged"

// ContractEventName returns the user-defined event name.
func (SwarmTokenRoleAdminChanged) ContractEventName() string {
	return SwarmTokenRoleAdminChangedEventName
}

// UnpackRoleAdminChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (swarmToken *SwarmToken) UnpackRoleAdminChangedEvent(log *types.Log) (*SwarmTokenRoleAdminChanged, error) {
	event := "RoleAdminChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmTokenRoleAdminChanged)
	if len(log.Data) > 0 {
		if err := swarmToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmTokenRoleGranted represents a RoleGranted event raised by the SwarmToken contract.
type SwarmTokenRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmTokenRoleGrantedEventName = "RoleGranted"

// ContractEventName returns the user-defined event name.
func (SwarmTokenRoleGranted) ContractEventName() string {
	return SwarmTokenRoleGrantedEventName
}

// UnpackRoleGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (swarmToken *SwarmToken) UnpackRoleGrantedEvent(log *types.Log) (*SwarmTokenRoleGranted, error) {
	event := "RoleGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmTokenRoleGranted)
	if len(log.Data) > 0 {
		if err := swarmToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmTokenRoleRevoked represents a RoleRevoked event raised by the SwarmToken contract.
type SwarmTokenRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const SwarmTokenRoleRevokedEventName = "RoleRevoked"

// ContractEventName returns the user-defined event name.
func (SwarmTokenRoleRevoked) ContractEventName() string {
	return SwarmTokenRoleRevokedEventName
}

// UnpackRoleRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (swarmToken *SwarmToken) UnpackRoleRevokedEvent(log *types.Log) (*SwarmTokenRoleRevoked, error) {
	event := "RoleRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmTokenRoleRevoked)
	if len(log.Data) > 0 {
		if err := swarmToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SwarmTokenTransfer represents a Transfer event raised by the SwarmToken contract.
type SwarmTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const SwarmTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (SwarmTokenTransfer) ContractEventName() string {
	return SwarmTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (swarmToken *SwarmToken) UnpackTransferEvent(log *types.Log) (*SwarmTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != swarmToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SwarmTokenTransfer)
	if len(log.Data) > 0 {
		if err := swarmToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range swarmToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (swarmToken *SwarmToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["AccessControlBadConfirmation"].ID.Bytes()[:4]) {
		return swarmToken.UnpackAccessControlBadConfirmationError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["AccessControlUnauthorizedAccount"].ID.Bytes()[:4]) {
		return swarmToken.UnpackAccessControlUnauthorizedAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return swarmToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return swarmToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return swarmToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return swarmToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return swarmToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return swarmToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], swarmToken.abi.Errors["ZeroAdmin"].ID.Bytes()[:4]) {
		return swarmToken.UnpackZeroAdminError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SwarmTokenAccessControlBadConfirmation represents a AccessControlBadConfirmation error raised by the SwarmToken contract.
type SwarmTokenAccessControlBadConfirmation struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlBadConfirmation()
func SwarmTokenAccessControlBadConfirmationErrorID() common.Hash {
	return common.HexToHash("0x6697b23232a647058342c0724fe7c415cab25915b54e5dbc03f233173d37b41c")
}

// UnpackAccessControlBadConfirmationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlBadConfirmation()
func (swarmToken *SwarmToken) UnpackAccessControlBadConfirmationError(raw []byte) (*SwarmTokenAccessControlBadConfirmation, error) {
	out := new(SwarmTokenAccessControlBadConfirmation)
	if err := swarmToken.abi.UnpackIntoInterface(out, "AccessControlBadConfirmation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenAccessControlUnauthorizedAccount represents a AccessControlUnauthorizedAccount error raised by the SwarmToken contract.
type SwarmTokenAccessControlUnauthorizedAccount struct {
	Account    common.Address
	NeededRole [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func SwarmTokenAccessControlUnauthorizedAccountErrorID() common.Hash {
	return common.HexToHash("0xe2517d3fbfae6f8515ef5ff1ccedc3933ab0cbbda0b492c06eb54ad10ef03b3e")
}

// UnpackAccessControlUnauthorizedAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)
func (swarmToken *SwarmToken) UnpackAccessControlUnauthorizedAccountError(raw []byte) (*SwarmTokenAccessControlUnauthorizedAccount, error) {
	out := new(SwarmTokenAccessControlUnauthorizedAccount)
	if err := swarmToken.abi.UnpackIntoInterface(out, "AccessControlUnauthorizedAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the SwarmToken contract.
type SwarmTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func SwarmTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (swarmToken *SwarmToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*SwarmTokenERC20InsufficientAllowance, error) {
	out := new(SwarmTokenERC20InsufficientAllowance)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the SwarmToken contract.
type SwarmTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func SwarmTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (swarmToken *SwarmToken) UnpackERC20InsufficientBalanceError(raw []byte) (*SwarmTokenERC20InsufficientBalance, error) {
	out := new(SwarmTokenERC20InsufficientBalance)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the SwarmToken contract.
type SwarmTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func SwarmTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (swarmToken *SwarmToken) UnpackERC20InvalidApproverError(raw []byte) (*SwarmTokenERC20InvalidApprover, error) {
	out := new(SwarmTokenERC20InvalidApprover)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the SwarmToken contract.
type SwarmTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func SwarmTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (swarmToken *SwarmToken) UnpackERC20InvalidReceiverError(raw []byte) (*SwarmTokenERC20InvalidReceiver, error) {
	out := new(SwarmTokenERC20InvalidReceiver)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the SwarmToken contract.
type SwarmTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func SwarmTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (swarmToken *SwarmToken) UnpackERC20InvalidSenderError(raw []byte) (*SwarmTokenERC20InvalidSender, error) {
	out := new(SwarmTokenERC20InvalidSender)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the SwarmToken contract.
type SwarmTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func SwarmTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (swarmToken *SwarmToken) UnpackERC20InvalidSpenderError(raw []byte) (*SwarmTokenERC20InvalidSpender, error) {
	out := new(SwarmTokenERC20InvalidSpender)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SwarmTokenZeroAdmin represents a ZeroAdmin error raised by the SwarmToken contract.
type SwarmTokenZeroAdmin struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAdmin()
func SwarmTokenZeroAdminErrorID() common.Hash {
	return common.HexToHash("0x7289db0ee0abc296040261a52ff209c8991a9c7f7acbaa6b5a604acd8f843b3b")
}

// UnpackZeroAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAdmin()
func (swarmToken *SwarmToken) UnpackZeroAdminError(raw []byte) (*SwarmTokenZeroAdmin, error) {
	out := new(SwarmTokenZeroAdmin)
	if err := swarmToken.abi.UnpackIntoInterface(out, "ZeroAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}
