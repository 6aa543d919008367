package io.ferryrpc.benchmark.workload;

import io.ferryrpc.api.RpcService;

/** The service of the apache/dubbo-benchmark workload: four calls with small to medium payloads. */
@RpcService(name = "bench.UserService", version = "1.0")
public interface UserService {

    /** Returns whether a user with this e-mail exists: a short string in, a boolean out. */
    boolean existUser(String email);

    /** Stores a user: a full user record in, a boolean out. */
    boolean createUser(User user);

    /** Returns one user: a long in, a full user record out. */
    User getUser(long id);

    /** Returns a page of 15 users: an int in, about 2 KB out. */
    Page<User> listUser(int pageNo);
}
