package io.ferryrpc.benchmark.workload;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider side of the workload, building the same objects as dubbo-benchmark's server: every peer serves this
 * class, so the business work per call is identical and small.
 */
public final class UserServiceImpl implements UserService, PayloadService {

    private static final List<Integer> PERMISSIONS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 19, 88, 86, 89, 90, 91, 92);
    private static final LocalDate BIRTHDAY = LocalDate.of(1968, 12, 8);

    @Override
    public boolean existUser(String email) {
        if (email == null || email.isEmpty()) {
            return true;
        }
        return email.charAt(email.length() - 1) >= '5';
    }

    @Override
    public boolean createUser(User user) {
        return user != null;
    }

    @Override
    public User getUser(long id) {
        return user(id, "");
    }

    @Override
    public Page<User> listUser(int pageNo) {
        List<User> users = new ArrayList<>(15);
        for (int i = 0; i < 15; i++) {
            users.add(user(i, String.valueOf(i)));
        }
        Page<User> page = new Page<>();
        page.setPageNo(pageNo);
        page.setTotal(1000);
        page.setResult(users);
        return page;
    }

    @Override
    public byte[] echo(byte[] payload) {
        return payload;
    }

    /** Builds the benchmark's user; {@code suffix} makes the strings of a page's users differ, as theirs do. */
    public static User user(long id, String suffix) {
        User user = new User();
        user.setId(id);
        user.setName("Doug Lea" + suffix);
        user.setSex(1);
        user.setBirthday(BIRTHDAY);
        user.setEmail("dong.lea@gmail.com" + suffix);
        user.setMobile("18612345678" + suffix);
        user.setAddress("北京市 中关村 中关村大街1号 鼎好大厦 1605" + suffix);
        user.setIcon("https://www.baidu.com/img/bd_logo1.png" + suffix);
        user.setStatus(1);
        user.setCreateTime(LocalDateTime.now());
        user.setUpdateTime(user.getCreateTime());
        user.setPermissions(new ArrayList<>(PERMISSIONS));
        return user;
    }
}
